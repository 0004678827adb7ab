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

/** The host name of a Host header value, without port or IPv6 brackets. */
export function hostName(hostHeader: string): string {
  const host = hostHeader.trim().toLowerCase();
  if (host.startsWith('[')) return host.slice(1, host.indexOf(']'));
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
}

/**
 * Guards against DNS rebinding: a page on evil.example that rebinds its name to
 * 127.0.0.1 still sends `Host: evil.example`, so only loopback names, IP
 * literals (which a rebinding page cannot use as its origin) and configured
 * names pass. Browser requests from other origins are refused outright, since a
 * "simple" cross-site POST needs no preflight and would run otherwise.
 */
export function hostCheckMiddleware(options: HostCheckOptions) {
  const isAllowedHost = (name: string) =>
    loopbackNames.has(name) || name.endsWith('.localhost') || isIP(name) !== 0 || options.allowedHosts().map((h) => h.toLowerCase()).includes(name);

  return async function hostCheck(ctx: Context, next: Next): Promise<void> {
    const host = hostName(ctx.get('host'));
    if (!host || !isAllowedHost(host)) {
      throw new PermissionError(`Host '${ctx.get('host')}' is not allowed. Add it to the allowedHosts setting (HEARTH_ALLOWED_HOSTS) to serve it.`);
    }
    const origin = ctx.get('origin');
    if (origin) {
      const allowed = isOwnOrigin(origin, ctx.get('host')) || options.corsOrigins().includes(origin);
      if (!allowed) {
        throw new PermissionError(`Origin '${origin}' is not allowed. Add it to the corsOrigins setting to let that web page call Hearth.`);
      }
      ctx.set('Vary', 'Origin');
      ctx.set('Access-Control-Allow-Origin', origin);
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

function isOwnOrigin(origin: string, hostHeader: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host.toLowerCase() === hostHeader.toLowerCase();
  } catch {
    return false;
  }
}
