import type { Context } from 'koa';
import type { LocalLabModelsAvailable } from '../../../common/api/locallab.js';
import type { LocalLab } from './context.js';
import { toLocalLabModel } from './translate.js';

/**
 * GET /models/available: every model on disk as the engine lists it (the listing /v1/models and
 * /api/tags use). Not the library's listing: that one refuses models linked in from outside the
 * models dir, which the engine serves.
 */
export function modelsAvailable({ services }: LocalLab) {
  return async function localLabModelsAvailable(ctx: Context): Promise<void> {
    ctx.body = { models: (await services.engine.listModels()).map(toLocalLabModel) } satisfies LocalLabModelsAvailable;
  };
}
