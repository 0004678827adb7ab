import type { Context } from 'koa';
import { localLabUnloadRequest, type LocalLabUnloadResponse } from '../../../common/api/locallab.js';
import type { LocalLab } from './context.js';

/**
 * POST /models/unload: unloads the named model, or the current one without a body. Nothing loaded is
 * not an error: the client's wish (no model holding memory) already holds.
 */
export function modelsUnload({ services, current }: LocalLab) {
  return async function localLabModelsUnload(ctx: Context): Promise<void> {
    const body = localLabUnloadRequest.parse(ctx.request.body ?? {});
    const id = body.model_id ? (await current.describe(body.model_id)).id : ((await current.find())?.id ?? null);
    if (id === null) {
      ctx.body = { status: 'success', message: 'No model was loaded.', model_id: null } satisfies LocalLabUnloadResponse;
      return;
    }
    await services.engine.unload(id);
    ctx.body = { status: 'success', message: `Model ${id} unloaded.`, model_id: id } satisfies LocalLabUnloadResponse;
  };
}
