import type { Context } from 'koa';
import { InvalidRequestError } from '../../../common/errors.js';
import { openAiEmbeddingRequest } from '../../../common/api/openai.js';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';
import { fromOpenAiEmbeddingRequest, toOpenAiEmbeddingResponse } from './translate.js';

/** POST /embeddings: one batched engine call for all inputs, vectors in input order. */
export function embeddings(services: Services) {
  return async function embedding(ctx: Context): Promise<void> {
    const body = openAiEmbeddingRequest.parse(ctx.request.body);
    const result = await services.engine.embed({ ...fromOpenAiEmbeddingRequest(body), signal: clientGoneSignal(ctx) });
    const dimension = result.vectors[0]?.length ?? 0;
    // The model's vector size is fixed; cutting vectors short is only meaningful for models trained for it.
    if (body.dimensions != null && body.dimensions !== dimension) {
      throw new InvalidRequestError(`This model's embeddings have ${dimension} dimensions; it can't return ${body.dimensions}.`, {
        param: 'dimensions',
        code: 'unsupported_value',
      });
    }
    ctx.state.usage = { model: result.model, promptTokens: result.promptTokens, completionTokens: 0 };
    ctx.body = toOpenAiEmbeddingResponse(result, body.encoding_format ?? 'float');
  };
}
