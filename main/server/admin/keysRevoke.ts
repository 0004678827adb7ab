import type { Context } from 'koa';
import type { Services } from '../../services.js';

/** POST /v1/admin/keys/:id/revoke: the key stops working at once but stays listed. */
export function keysRevoke(services: Services) {
  return async (ctx: Context) => {
    ctx.body = await services.keys.revoke(String(ctx.params.id));
  };
}
