import { AbortedError, ContextLengthError } from '../../common/errors.js';
import type { LoadedModel } from './LoadedModel.js';
import type { EmbedRequest, EmbedResult } from './types.js';

/** Embeds each input in order on the model's embedding context. */
export async function runEmbedding(loaded: LoadedModel, request: EmbedRequest, loadMs: number): Promise<EmbedResult> {
  const started = performance.now();
  return loaded.withEmbeddingContext(async (context) => {
    const limit = context.model.trainContextSize > 0 ? Math.min(loaded.contextSize, context.model.trainContextSize) : loaded.contextSize;
    // node-llama-cpp may add a BOS and an EOS/SEP token to the input and needs the total below the context size.
    const maxInputTokens = limit - 3;
    const vectors: number[][] = [];
    let promptTokens = 0;
    for (const [index, input] of request.inputs.entries()) {
      if (request.signal?.aborted) throw new AbortedError();
      let tokens = loaded.model.tokenize(input);
      if (tokens.length > maxInputTokens) {
        if (!request.truncate) {
          throw new ContextLengthError(`Input ${index} is ${tokens.length} tokens; this model embeds at most ${maxInputTokens}.`, maxInputTokens, tokens.length);
        }
        tokens = tokens.slice(0, maxInputTokens);
      }
      promptTokens += tokens.length;
      const embedding = await context.getEmbeddingFor(tokens);
      vectors.push([...embedding.vector]);
    }
    const ended = performance.now();
    return { model: loaded.id, vectors, promptTokens, timings: { loadMs, promptMs: ended - started, generateMs: 0, totalMs: ended - started + loadMs } };
  });
}
