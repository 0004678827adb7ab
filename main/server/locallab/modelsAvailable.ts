import type { Context } from 'koa';
import type { LocalLabModelsAvailable } from '../../../common/api/locallab.js';
import type { LocalLab } from './router.js';
import { toLocalLabModel } from './translate.js';

/** GET /models/available: every model on disk (the library's listing) with its engine state. */
export function modelsAvailable({ services }: LocalLab) {
  return async function localLabModelsAvailable(ctx: Context): Promise<void> {
    const [local, engine] = await Promise.all([services.library.list(), services.engine.listModels()]);
    const byId = new Map(engine.map((info) => [info.id, info]));
    ctx.body = { models: local.map((model) => toLocalLabModel(model, byId.get(model.id))) } satisfies LocalLabModelsAvailable;
  };
}
