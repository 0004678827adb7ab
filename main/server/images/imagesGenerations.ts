import type { Context } from 'koa';
import { z } from 'zod';
import { upstreamFetch, upstreamUrl } from '../../bindings/upstreamFetch.js';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';
import { forwardToImageBinding } from './forwardImages.js';

/** OpenAI's request, checked for what Hearth needs; the rest (size, quality, style…) goes to the upstream as sent. */
const imagesGenerationRequest = z.looseObject({
  prompt: z.string().min(1),
  model: z.string().min(1).nullish(),
  n: z.number().int().min(1).max(10).nullish(),
});

/** POST /v1/images/generations: forwarded to the binding serving `model`; its answer comes back as it is. */
export function imagesGenerations(services: Services) {
  return async (ctx: Context) => {
    const body = imagesGenerationRequest.parse(ctx.request.body ?? {});
    const signal = clientGoneSignal(ctx);
    ctx.body = await forwardToImageBinding(services, ctx, body.model, async ({ binding, apiKey, upstreamModel }) => {
      const response = await upstreamFetch({ binding, apiKey, signal }, upstreamUrl(binding, '/images/generations'), { json: { ...body, model: upstreamModel } });
      return (await response.json()) as unknown;
    });
  };
}
