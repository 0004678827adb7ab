import type { Context } from 'koa';
import { InvalidRequestError } from '../../../common/errors.js';
import { ollamaEmbeddingsRequest, ollamaEmbedRequest, type OllamaEmbeddingsResponse, type OllamaEmbedResponse } from '../../../common/api/ollama.js';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';
import { keepAliveSeconds } from './keepAlive.js';
import { resolveOllamaId } from './modelNames.js';
import { toOllamaNanoseconds } from './translate.js';

/** Ollama's /api/embed returns unit vectors (it normalizes them); the older /api/embeddings does not. */
function normalize(vector: number[]): number[] {
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/** POST /api/embed: one engine call for all inputs, unit vectors in input order. */
export function embed(services: Services) {
  return async function ollamaEmbed(ctx: Context): Promise<void> {
    const body = ollamaEmbedRequest.parse(ctx.request.body);
    const id = await resolveOllamaId(services, body.model);
    const inputs = typeof body.input === 'string' ? [body.input] : body.input;
    const result = await services.engine.embed({
      model: id,
      inputs,
      // Ollama truncates by default; `truncate: false` makes an over-long input an error.
      truncate: body.truncate ?? true,
      keepAliveSeconds: keepAliveSeconds(body.keep_alive, services.settings.get(), id),
      signal: clientGoneSignal(ctx),
    });
    const dimension = result.vectors[0]?.length ?? 0;
    if (body.dimensions != null && body.dimensions !== dimension) {
      throw new InvalidRequestError(`This model's embeddings have ${dimension} dimensions; it can't return ${body.dimensions}.`, { param: 'dimensions', code: 'unsupported_value' });
    }
    ctx.state.usage = { model: result.model, promptTokens: result.promptTokens, completionTokens: 0 };
    ctx.body = {
      model: body.model,
      embeddings: result.vectors.map(normalize),
      total_duration: toOllamaNanoseconds(result.timings.totalMs),
      load_duration: toOllamaNanoseconds(result.timings.loadMs),
      prompt_eval_count: result.promptTokens,
    } satisfies OllamaEmbedResponse;
  };
}

/** POST /api/embeddings, the older single-text form: the raw vector, and an empty one for an empty prompt, as Ollama answers. */
export function embeddings(services: Services) {
  return async function ollamaEmbeddings(ctx: Context): Promise<void> {
    const body = ollamaEmbeddingsRequest.parse(ctx.request.body);
    const id = await resolveOllamaId(services, body.model);
    if (body.prompt === '') {
      ctx.body = { embedding: [] } satisfies OllamaEmbeddingsResponse;
      return;
    }
    const result = await services.engine.embed({
      model: id,
      inputs: [body.prompt],
      keepAliveSeconds: keepAliveSeconds(body.keep_alive, services.settings.get(), id),
      signal: clientGoneSignal(ctx),
    });
    ctx.state.usage = { model: result.model, promptTokens: result.promptTokens, completionTokens: 0 };
    ctx.body = { embedding: result.vectors[0] ?? [] } satisfies OllamaEmbeddingsResponse;
  };
}
