import type { Context } from 'koa';
import { localLabGenerateRequest } from '../../../common/api/locallab.js';
import type { GenerationResult } from '../../engine/types.js';
import { streamEvents } from '../streamEvents.js';
import { clientGoneSignal } from '../stream.js';
import type { LocalLab } from './context.js';
import { openLocalLabSse } from './textSse.js';
import { fromLocalLabGenerateRequest, toLocalLabGenerateResponse } from './translate.js';

/** Leaves the usage where the stats middleware records it. */
export function recordUsage(ctx: Context, results: GenerationResult[], model: string): void {
  ctx.state.usage = {
    model,
    promptTokens: results.reduce((sum, r) => sum + r.usage.promptTokens, 0),
    completionTokens: results.reduce((sum, r) => sum + r.usage.completionTokens, 0),
  };
}

/** POST /generate: one prompt; `stream: true` sends the text as raw SSE chunks ending in `[DONE]`. */
export function generate({ services, current }: LocalLab) {
  return async function localLabGenerate(ctx: Context): Promise<void> {
    const body = localLabGenerateRequest.parse(ctx.request.body);
    const model = await current.resolve(body.model_id);
    current.markUsed(model);
    const request = { ...fromLocalLabGenerateRequest(body, model), signal: clientGoneSignal(ctx) };

    if (!body.stream) {
      const result = await services.engine.chat(request);
      recordUsage(ctx, [result], model);
      ctx.body = toLocalLabGenerateResponse(result);
      return;
    }
    await streamEvents(
      ctx,
      async (events) => {
        const result = await services.engine.chat({ ...request, onTextChunk: (text) => events.send(text) });
        recordUsage(ctx, [result], model);
      },
      openLocalLabSse,
    );
  };
}
