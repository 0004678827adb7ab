import type { Context } from 'koa';
import { lollmsImageEditRequest } from '../../../common/api/lollms.js';
import { InvalidRequestError } from '../../../common/errors.js';
import { upstreamFetch, upstreamUrl } from '../../bindings/upstreamFetch.js';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';
import { forwardToImageBinding } from './forwardImages.js';

/** Base64 (bare or as a data: URL) to bytes; anything else is the client's mistake. */
function decodeImage(text: string, param: string): Blob {
  const match = /^data:([^;,]+)?(?:;base64)?,(.*)$/s.exec(text);
  const data = match ? match[2]! : text;
  if (!/^[A-Za-z0-9+/=\s_-]+$/.test(data)) throw new InvalidRequestError(`'${param}' must be base64 image data.`, { param });
  return new Blob([Buffer.from(data, 'base64')], { type: match?.[1] ?? 'image/png' });
}

/**
 * POST /lollms/v1/images/edit: LoLLMs' `{image, prompt, mask?}` with base64 images, sent to the binding's
 * OpenAI /images/edits as multipart; the answer is OpenAI's images answer (`data[].b64_json` or `url`).
 */
export function lollmsImageEdit(services: Services) {
  return async (ctx: Context) => {
    const body = lollmsImageEditRequest.parse(ctx.request.body ?? {});
    const image = decodeImage(body.image, 'image');
    const mask = body.mask ? decodeImage(body.mask, 'mask') : null;
    const signal = clientGoneSignal(ctx);
    ctx.body = await forwardToImageBinding(services, ctx, body.model, async ({ binding, apiKey, upstreamModel }) => {
      const form = new FormData();
      form.set('model', upstreamModel);
      form.set('prompt', body.prompt);
      form.set('image', image, 'image.png');
      if (mask) form.set('mask', mask, 'mask.png');
      form.set('response_format', 'b64_json');
      const response = await upstreamFetch({ binding, apiKey, signal }, upstreamUrl(binding, '/images/edits'), { form });
      return (await response.json()) as unknown;
    });
  };
}
