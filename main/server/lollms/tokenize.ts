import type { Context } from 'koa';
import { lollmsTokenizeRequest, type LollmsTokenizeResponse } from '../../../common/api/lollms.js';
import { resolveModel } from './resolveModel.js';
import type { Lollms } from './context.js';

/** POST /tokenize: the model's own token ids for a text, without BOS or other added tokens. */
export function tokenize(lollms: Lollms) {
  return async function lollmsTokenize(ctx: Context): Promise<void> {
    const body = lollmsTokenizeRequest.parse(ctx.request.body);
    const { model, tokens } = await lollms.services.engine.tokenize(await resolveModel(lollms, body.model), body.text);
    ctx.body = { tokens, count: tokens.length, model } satisfies LollmsTokenizeResponse;
  };
}
