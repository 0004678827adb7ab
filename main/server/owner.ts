import type { Context } from 'koa';
import type { Owner } from '../responses/ResponseStore.js';

/** Who owns what a request stores: its API key, or the machine's own user when keys are off or the desktop shell asks. */
export function ownerOf(ctx: Context): Owner {
  return ctx.state.auth?.keyId ?? null;
}
