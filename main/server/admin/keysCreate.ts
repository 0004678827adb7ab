import type { Context } from 'koa';
import { createKeyInput } from '../../../common/keys.js';
import type { Services } from '../../services.js';

/** POST /v1/admin/keys: the answer holds the full key, the only time it is ever sent. */
export function keysCreate(services: Services) {
  return async (ctx: Context) => {
    const input = createKeyInput.parse(ctx.request.body ?? {});
    ctx.status = 201;
    ctx.set('Cache-Control', 'no-store');
    ctx.body = await services.keys.create(input);
  };
}
