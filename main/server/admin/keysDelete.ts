import type { Context } from 'koa';
import type { Services } from '../../services.js';

/** DELETE /v1/admin/keys/:id: the key stops working and leaves the list. */
export function keysDelete(services: Services) {
  return async (ctx: Context) => {
    const id = String(ctx.params.id);
    await services.keys.delete(id);
    ctx.body = { id, object: 'api_key', deleted: true };
  };
}
