import type { Context } from 'koa';
import { lollmsLongContextRequest, type LollmsLongContextResponse } from '../../../common/api/lollms.js';
import { EngineBusyError } from '../../../common/errors.js';
import { toOpenAiUsage } from '../openAiShapes.js';
import { clientGoneSignal } from '../stream.js';
import { processLongContext } from './longContext.js';
import { resolveModel } from './resolveModel.js';
import type { Lollms } from './context.js';

/** What LoLLMs' clients get when they send no prompt. */
const defaultPrompt = 'Summarize the text.';

/** POST /long_context_process: a text longer than the model's context, chunked, processed and synthesized (longContext.ts). */
export function longContextProcess(lollms: Lollms) {
  return async function lollmsLongContextProcess(ctx: Context): Promise<void> {
    const body = lollmsLongContextRequest.parse(ctx.request.body);
    const model = await resolveModel(lollms, body.model);
    const signal = clientGoneSignal(ctx);
    // The chunk size depends on the loaded context; the first generation would load the model anyway.
    const contextSize = (await lollms.services.engine.load(model)).loaded?.contextSize;
    if (contextSize === undefined) throw new EngineBusyError(`The model '${model}' was unloaded before the text could be processed; try again.`, 1);
    const result = await processLongContext(lollms.services.engine, {
      model,
      text: body.text,
      prompt: body.prompt ?? defaultPrompt,
      contextSize,
      maxGenerationTokens: body.max_generation_tokens ?? undefined,
      chunkTokens: body.chunk_size ?? undefined,
      signal,
    });
    ctx.state.usage = { model, promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens };
    ctx.body = { result: result.text, model, chunks: result.chunks, calls: result.calls, usage: toOpenAiUsage(result.usage) } satisfies LollmsLongContextResponse;
  };
}
