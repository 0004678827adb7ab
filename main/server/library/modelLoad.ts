import type { Context } from 'koa';
import type { Services } from '../../services.js';

/** POST /v1/admin/library/models/:id/load: loads with the saved settings; answers the model's state. */
export function modelLoad(services: Services) {
  return async (ctx: Context) => {
    ctx.body = await services.engine.load(ctx.params.id!);
  };
}

/** POST /v1/admin/library/models/:id/unload */
export function modelUnload(services: Services) {
  return async (ctx: Context) => {
    await services.engine.unload(ctx.params.id!);
    ctx.body = await services.engine.getModel(ctx.params.id!);
  };
}
