import type { Context } from 'koa';
import { InvalidRequestError } from '../../../common/errors.js';
import type { OllamaMetrics, OllamaOptions } from '../../../common/api/ollama.js';
import type { SamplingOptions } from '../../engine/types.js';
import type { Assistant } from '../../../common/assistants.js';
import type { Services } from '../../services.js';
import { resolveChatModel } from '../assistantChat.js';
import { keepAliveSeconds as toKeepAliveSeconds } from './keepAlive.js';
import { resolveOllamaId } from './modelNames.js';
import { fromOllamaOptions, toOllamaNanoseconds } from './translate.js';

/** What chat and generate share once a request is parsed. */
export interface PreparedGeneration {
  /** The Hearth model id the client's name resolved to. */
  id: string;
  /** The assistant the name named, whose model `id` is. */
  assistant: Assistant | null;
  sampling: SamplingOptions;
  keepAliveSeconds: number | undefined;
}

/**
 * Resolves the model, keep_alive and options of a chat or generate request. `num_ctx` can't change a
 * loaded model's context per request (the engine sets it once, at load), so a larger one is refused
 * with how to configure it and a smaller one is logged: the request runs in the larger context.
 * @internal
 */
export async function prepareGeneration(
  services: Services,
  ctx: Context,
  body: { model: string; options?: OllamaOptions | null; keep_alive?: number | string | null; think?: unknown },
): Promise<PreparedGeneration> {
  const { id, assistant } = await resolveChatModel(services, body.model, (name) => resolveOllamaId(services, name));
  const keepAliveSeconds = toKeepAliveSeconds(body.keep_alive, services.settings.get(), id);
  const { sampling, ignored } = fromOllamaOptions(body.options);
  if (ignored.length > 0) ctx.state.logger?.info({ ignored }, 'Ollama options this engine has no per-request equivalent for were ignored');
  // The engine returns no separate reasoning: `think` is accepted so thinking-aware clients keep working, the
  // answer comes without `thinking`, and /api/show lists no "thinking" capability. (Ollama refuses think: true
  // for a model without that capability; a client that always sends it would then fail on every model here.)
  if (body.think) ctx.state.logger?.info({ model: id, think: body.think }, 'think was requested; the answer comes without a separate thinking part');
  const wanted = body.options?.num_ctx;
  if (wanted != null) {
    const info = await services.engine.getModel(id);
    // The context size is only known once loaded; the generation would load the model anyway.
    const contextSize = info.loaded?.contextSize ?? (await services.engine.load(id)).loaded?.contextSize;
    if (contextSize !== undefined && wanted > contextSize) {
      throw new InvalidRequestError(
        `options.num_ctx is ${wanted} but '${id}' is loaded with a ${contextSize}-token context, and Hearth sets a model's context once, when it loads. ` +
          `Set the model's contextSize to ${wanted} in Hearth's model settings (settings.json: "models": {"${id}": {"contextSize": ${wanted}}}), then send the request again.`,
        { param: 'options.num_ctx', code: 'context_length_exceeded' },
      );
    }
    if (contextSize !== undefined && wanted < contextSize) {
      ctx.state.logger?.info({ model: id, numCtx: wanted, contextSize }, 'options.num_ctx is below the loaded context; the request runs in the larger context');
    }
  }
  return { id, assistant, sampling, keepAliveSeconds };
}

/**
 * An empty prompt (generate) or message list (chat) only loads the model, or unloads it with
 * `keep_alive: 0`, as Ollama does; the answer is one done object with done_reason "load" or "unload".
 * @internal
 */
export async function loadOrUnload(services: Services, id: string, keepAliveSeconds: number | undefined): Promise<{ done_reason: 'load' | 'unload' } & OllamaMetrics> {
  const started = performance.now();
  const unload = keepAliveSeconds === 0;
  if (unload) await services.engine.unload(id);
  else await services.engine.load(id, { keepAliveSeconds });
  const elapsed = toOllamaNanoseconds(performance.now() - started);
  // Loading is all a load request does; an unload loads nothing.
  return { done_reason: unload ? 'unload' : 'load', total_duration: elapsed, load_duration: unload ? 0 : elapsed, prompt_eval_count: 0, prompt_eval_duration: 0, eval_count: 0, eval_duration: 0 };
}
