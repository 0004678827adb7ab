import type { Context } from 'koa';
import type { LocalLabCurrentResponse } from '../../../common/api/locallab.js';
import type { LocalLab } from './context.js';
import { toLocalLabCurrentModel } from './translate.js';

/** GET /models/current: the model requests without model_id go to; `model_id: null` when none is loaded. */
export function modelsCurrent({ current }: LocalLab) {
  return async function localLabModelsCurrent(ctx: Context): Promise<void> {
    const info = await current.find();
    ctx.body = (info ? { model_id: info.id, ...toLocalLabCurrentModel(info) } : { model_id: null, status: 'no_model_loaded' }) satisfies LocalLabCurrentResponse;
  };
}
