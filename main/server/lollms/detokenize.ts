import type { Context } from 'koa';
import { lollmsDetokenizeRequest, type LollmsDetokenizeResponse } from '../../../common/api/lollms.js';
import { resolveModel } from './resolveModel.js';
import type { Lollms } from './context.js';

/** POST /detokenize: the text of token ids; an id outside the model's vocabulary is a 400 from the engine. */
export function detokenize(lollms: Lollms) {
  return async function lollmsDetokenize(ctx: Context): Promise<void> {
    const body = lollmsDetokenizeRequest.parse(ctx.request.body);
    const { model, text } = await lollms.services.engine.detokenize(await resolveModel(lollms, body.model), body.tokens);
    ctx.body = { text, model } satisfies LollmsDetokenizeResponse;
  };
}
