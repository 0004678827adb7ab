import type { Context } from 'koa';
import { InvalidRequestError } from '../../../common/errors.js';
import { ollamaGenerateRequest, type OllamaGenerateRequest, type OllamaGenerateResponse } from '../../../common/api/ollama.js';
import type { GenerationResult, ResponseFormat, SamplingOptions } from '../../engine/types.js';
import type { Services } from '../../services.js';
import { prepareChat, type ChatModel } from '../assistantChat.js';
import { streamEvents } from '../streamEvents.js';
import { clientGoneSignal, openNdjson } from '../stream.js';
import { loadOrUnload, prepareGeneration } from './generation.js';
import { fromOllamaFormat, refuseOllamaImages, toOllamaDoneReason, toOllamaMetrics } from './translate.js';

const now = () => new Date().toISOString();

type Options = SamplingOptions & { model: string; keepAliveSeconds: number | undefined; signal: AbortSignal; responseFormat?: ResponseFormat; onTextChunk?: (text: string) => void };

/**
 * The one engine call a generate request is: with `raw` or a `suffix` a plain completion (infill for
 * a suffix), as Ollama skips the template then; otherwise the prompt (and `system`) go through the
 * model's chat template, as Ollama renders them into its template.
 */
async function run(services: Services, ctx: Context, resolved: ChatModel, body: OllamaGenerateRequest, prompt: string, options: Options): Promise<GenerationResult> {
  // A raw prompt is the client's own formatting: an assistant's model runs it, its instructions can't go in.
  if (body.raw || body.suffix) return services.engine.complete({ ...options, prompt, ...(body.suffix ? { suffix: body.suffix } : {}) });
  const messages = [...(body.system ? [{ role: 'system' as const, content: body.system }] : []), { role: 'user' as const, content: prompt }];
  const { request } = await prepareChat(services, ctx, { ...options, messages }, { resolved });
  return services.engine.chat(request);
}

/** POST /api/generate: NDJSON by default, one object with `stream: false`; an empty prompt loads or unloads. */
export function generate(services: Services) {
  return async function ollamaGenerate(ctx: Context): Promise<void> {
    const body = ollamaGenerateRequest.parse(ctx.request.body);
    refuseOllamaImages(body.images, 'images');
    if (body.template) {
      throw new InvalidRequestError("A custom template is not supported: Hearth renders prompts with the model's own chat template. Send raw: true with a prompt you formatted yourself.", {
        param: 'template',
        code: 'unsupported_parameter',
      });
    }
    // `context` (the token list of an earlier exchange) is deprecated by Ollama; /api/chat carries a conversation.
    if (body.context && body.context.length > 0) {
      throw new InvalidRequestError('context is not supported: send the conversation as messages to /api/chat instead.', { param: 'context', code: 'unsupported_parameter' });
    }
    const { id, assistant, sampling, keepAliveSeconds } = await prepareGeneration(services, ctx, body);
    const model = body.model;
    const prompt = body.prompt ?? '';

    if (prompt === '' && !body.suffix) {
      ctx.body = { model, created_at: now(), response: '', done: true, ...(await loadOrUnload(services, id, keepAliveSeconds)) } satisfies OllamaGenerateResponse;
      return;
    }

    const responseFormat = fromOllamaFormat(body.format);
    const options: Options = { model: id, ...sampling, keepAliveSeconds, signal: clientGoneSignal(ctx), ...(responseFormat ? { responseFormat } : {}) };
    const done = (result: GenerationResult, response: string): OllamaGenerateResponse => {
      ctx.state.usage = { model: result.model, promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens };
      return { model, created_at: now(), response, done: true, done_reason: toOllamaDoneReason(result.finishReason), ...toOllamaMetrics(result) };
    };

    if (body.stream === false) {
      const result = await run(services, ctx, { id, assistant }, body, prompt, options);
      ctx.body = done(result, result.text);
      return;
    }
    await streamEvents(
      ctx,
      async (events) => {
        const result = await run(services, ctx, { id, assistant }, body, prompt, {
          ...options,
          onTextChunk(text: string) {
            if (text !== '') events.send({ model, created_at: now(), response: text, done: false } satisfies OllamaGenerateResponse);
          },
        });
        events.send(done(result, ''));
      },
      openNdjson,
    );
  };
}
