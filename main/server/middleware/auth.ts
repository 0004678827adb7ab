import type { Context, Next } from 'koa';
import { PermissionError } from '../../../common/errors.js';

/** Who is calling, set on ctx.state.auth by the auth middleware before any router runs. */
export interface AuthState {
  /** The key's id, or null when keys are not required. */
  keyId: string | null;
  alias: string | null;
  role: 'admin' | 'user';
}

declare module 'koa' {
  interface DefaultState {
    auth?: AuthState;
  }
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
