import { isIP } from 'node:net';
import type { Context, Next } from 'koa';
import { PermissionError } from '../../../common/errors.js';

export interface HostCheckOptions {
  /** Host names accepted besides loopback names and IP literals. */
  allowedHosts: () => string[];
  /** Origins granted CORS besides the server's own. */
  corsOrigins: () => string[];
}

const loopbackNames = new Set(['localhost', '127.0.0.1', '::1']);

/** The host name of a Host header value (or an allowedHosts entry), without port, IPv6 brackets or the root dot. */
export function hostName(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) {
    const end = host.indexOf(']');
    return end === -1 ? '' : host.slice(1, end);
  }
  // A bare IPv6 address has several colons and no port to strip.
  if (isIP(host) === 6) return host;
  const colon = host.lastIndexOf(':');
  const name = colon === -1 ? host : host.slice(0, colon);
  // 'localhost.' is the same name written fully qualified.
  return name.endsWith('.') ? name.slice(0, -1) : name;
}

/** Response headers a permitted page may read: the rate limits, Retry-After and the request id. */
const exposedHeaders = 'Retry-After, X-Request-Id, x-ratelimit-limit-requests, x-ratelimit-remaining-requests, x-ratelimit-reset-requests';

/**
 * Guards against DNS rebinding: a page on evil.example that rebinds its name to
 * 127.0.0.1 still sends `Host: evil.example`, so only loopback names, IP
 * literals (which a rebinding page cannot use as its origin) and configured
 * names pass. Browser requests from other origins are refused outright, since a
 * "simple" cross-site POST needs no preflight and would run otherwise.
 */
export function hostCheckMiddleware(options: HostCheckOptions) {
  // Entries may be written with a port ('box.lan:9642'); only the name is compared.
  const isAllowedHost = (name: string) =>
    loopbackNames.has(name) || name.endsWith('.localhost') || isIP(name) !== 0 || options.allowedHosts().some((entry) => hostName(entry) === name);

  return async function hostCheck(ctx: Context, next: Next): Promise<void> {
    const host = hostName(ctx.get('host'));
    if (!host || !isAllowedHost(host)) {
      throw new PermissionError(`Host '${ctx.get('host')}' is not allowed. Add it to the allowedHosts setting (HEARTH_ALLOWED_HOSTS) to serve it.`);
    }
    const origin = ctx.get('origin');
    // Whether CORS headers are sent depends on Origin, so caches must not share answers across origins.
    ctx.vary('Origin');
    if (origin) {
      const wanted = originOf(origin);
      const allowed = wanted !== null && (isOwnOrigin(origin, ctx.get('host')) || options.corsOrigins().some((entry) => originOf(entry) === wanted));
      if (!allowed) {
        throw new PermissionError(`Origin '${origin}' is not allowed. Add it to the corsOrigins setting to let that web page call Hearth.`);
      }
      ctx.set('Access-Control-Allow-Origin', origin);
      ctx.set('Access-Control-Expose-Headers', exposedHeaders);
      if (ctx.method === 'OPTIONS') {
        ctx.set('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE, OPTIONS');
        ctx.set('Access-Control-Allow-Headers', ctx.get('access-control-request-headers') || 'Authorization, Content-Type, X-API-Key');
        ctx.set('Access-Control-Max-Age', '600');
        ctx.status = 204;
        return;
      }
    }
    await next();
  };
}

/**
 * An origin in the form browsers send it ('http://app.local:3000'), so entries
 * written with a trailing slash or capitals still match. '*' and 'null' match
 * nothing: allowing every page would undo the guard.
 */
function originOf(value: string): string | null {
  try {
    const origin = new URL(value).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

function isOwnOrigin(origin: string, hostHeader: string): boolean {
  try {
    const url = new URL(origin);
    // Parse the Host header the same way, so default ports and letter case compare equal.
    const own = new URL(`${url.protocol}//${hostHeader.trim()}`);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === own.host;
  } catch {
    return false;
  }
}
