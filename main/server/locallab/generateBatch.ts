import type { Context } from 'koa';
import { localLabBatchRequest } from '../../../common/api/locallab.js';
import type { GenerationResult } from '../../engine/types.js';
import { clientGoneSignal } from '../stream.js';
import { recordUsage } from './generate.js';
import type { LocalLab } from './context.js';
import { fromLocalLabBatchRequest, toLocalLabBatchResponse } from './translate.js';
import { mapLimited } from '../../util/mapLimited.js';

/**
 * POST /generate/batch: every prompt is its own engine request, run side by side up to the model's
 * parallel slots; more would only wait in the engine's queue and could overflow it (503) for others.
 * One failure fails the batch, and the client leaving aborts the rest.
 */
export function generateBatch({ services, current }: LocalLab) {
  return async function localLabGenerateBatch(ctx: Context): Promise<void> {
    const body = localLabBatchRequest.parse(ctx.request.body);
    const model = await current.resolve(body.model_id);
    current.markUsed(model);
    const signal = clientGoneSignal(ctx);
    // The slot count is known once loaded; the first generation would load the model anyway.
    const info = await services.engine.load(model);
    const slots = info.loaded?.parallelSlots ?? 1;
    const controller = new AbortController();
    const abort = () => controller.abort(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    try {
      const results: GenerationResult[] = await mapLimited(fromLocalLabBatchRequest(body, model), slots, async (request) => {
        try {
          return await services.engine.chat({ ...request, signal: controller.signal });
        } catch (error) {
          // Stop the siblings: their answers would be thrown away.
          controller.abort(error);
          throw error;
        }
      });
      recordUsage(ctx, results, model);
      ctx.body = toLocalLabBatchResponse(results, model);
    } finally {
      signal.removeEventListener('abort', abort);
    }
  };
}
