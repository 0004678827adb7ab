import type { Context } from 'koa';
import type { Services } from '../../services.js';

/** GET /v1/admin/library/models: models on disk with their GGUF metadata and settings. */
export function modelsList(services: Services) {
  return async (ctx: Context) => {
    ctx.body = { object: 'list', data: await services.library.list() };
  };
}

/** GET /v1/admin/library/models/:id */
export function modelsGet(services: Services) {
  return async (ctx: Context) => {
    ctx.body = await services.library.get(ctx.params.id!);
  };
}
