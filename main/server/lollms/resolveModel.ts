import { InvalidRequestError } from '../../../common/errors.js';
import type { Lollms } from './context.js';

/**
 * The model id a request is for: its own `model` (an id or alias; unknown is a 404 model_not_found),
 * else the loaded model used last, as LoLLMs falls back to the user's default model. Nothing loaded → 400.
 */
export async function resolveModel({ services, current }: Lollms, requested: string | null | undefined): Promise<string> {
  const id = requested ? await services.engine.resolveId(requested) : (await current.find())?.id;
  if (!id) {
    throw new InvalidRequestError('model is required: no model is loaded to default to. Name one in model; GET /lollms/v1/models lists them.', {
      param: 'model',
      code: 'no_model_loaded',
    });
  }
  current.markUsed(id);
  return id;
}
