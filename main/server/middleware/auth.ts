import { createHash, timingSafeEqual } from 'node:crypto';
import type { Context, Next } from 'koa';
import { AuthenticationError, PermissionError } from '../../../common/errors.js';
import type { KeyRateLimit } from '../../../common/keys.js';
import type { ApiKeyStore } from '../../keys/ApiKeyStore.js';
import { isPublicRequest } from '../apiPaths.js';

/** Who is calling, set on ctx.state.auth by the auth middleware before any router runs. */
export interface AuthState {
  /** The key's id, or null when keys are not required. */
  keyId: string | null;
  alias: string | null;
  role: 'admin' | 'user';
  /** The key's own rate limits, when it has any. */
  rateLimit?: KeyRateLimit | null;
}

declare module 'koa' {
  interface DefaultState {
    auth?: AuthState;
  }
}

const howToCreate =
  "Send it as 'Authorization: Bearer KEY' or 'X-API-Key: KEY'. Create a key in Hearth's API Keys screen or with: npm run hearth -- keys create --alias NAME";

/** Keys off: whoever reaches the (loopback-only) server is the machine's user, so the admin. */
const keysOff: AuthState = Object.freeze({ keyId: null, alias: null, role: 'admin' as const });

export interface AuthOptions {
  keys: ApiKeyStore;
  /** Read per request, so turning keys on or off applies at once. */
  required: () => boolean;
  /** The desktop shell's per-run token: an admin credential that is never stored. */
  shellToken?: string;
}

const shellAuth: AuthState = Object.freeze({ keyId: null, alias: 'Hearth desktop app', role: 'admin' as const });

/** Compares through fixed-length digests so the time taken says nothing about the token. */
function isShellToken(presented: string, token: string | undefined): boolean {
  if (!token) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(presented), digest(token));
}

/** The key a request presents, from `Authorization: Bearer` or `X-API-Key` (as PLLM and LoLLMs accept). */
export function presentedKey(ctx: Context): string | null {
  const bearer = /^\s*bearer\s+(\S+)\s*$/i.exec(ctx.get('authorization'));
  if (bearer) return bearer[1]!;
  const header = ctx.get('x-api-key').trim();
  return header === '' ? null : header;
}

/**
 * Mounted once, globally, so no router can forget it: every API path needs a
 * key unless keys are turned off; /health, /ready and the web UI's GET pages are public.
 */
export function authMiddleware(options: AuthOptions) {
  return async function auth(ctx: Context, next: Next): Promise<void> {
    if (!options.required()) {
      ctx.state.auth = keysOff;
      return next();
    }
    if (isPublicRequest(ctx.method, ctx.path)) return next();
    const presented = presentedKey(ctx);
    if (presented !== null && isShellToken(presented, options.shellToken)) {
      ctx.state.auth = shellAuth;
      return next();
    }
    const key = presented === null ? null : options.keys.authenticate(presented);
    if (!key) {
      ctx.set('WWW-Authenticate', 'Bearer realm="hearth"');
      throw new AuthenticationError(presented === null ? `This server needs an API key. ${howToCreate}` : `The API key is not valid (unknown, revoked or expired). ${howToCreate}`);
    }
    ctx.state.auth = { keyId: key.id, alias: key.alias, role: key.role, rateLimit: key.rateLimit };
    await next();
  };
}

/** Lets only admin keys through (or anyone when keys are turned off, since then the machine's user is the admin). */
export function requireAdmin() {
  return async function adminOnly(ctx: Context, next: Next): Promise<void> {
    if (ctx.state.auth?.role !== 'admin') {
      throw new PermissionError('This route needs an admin key. Create one with: npm run hearth -- keys create --alias NAME --role admin');
    }
    await next();
  };
}
