import type { Context } from 'koa';
import { InvalidRequestError, NotSupportedError } from '../../../common/errors.js';
import type { UpstreamTarget } from '../../bindings/BindingService.js';
import type { Services } from '../../services.js';

/** Hearth has no image engine of its own; this says what to add. */
export function noImageBinding(model: string | null | undefined): NotSupportedError {
  const which = model ? `No binding serves an image model named '${model}'` : 'Hearth has no image engine of its own';
  return new NotSupportedError(
    `${which}. Add a binding that serves an image model — e.g. LocalAI with a Stable Diffusion model, or OpenAI's API with gpt-image-1 — in Settings → Bindings or with \`npm run hearth -- bindings add --kind openai ...\`, and name that model in \`model\`.`,
    { code: 'no_image_binding', param: 'model' },
  );
}

/**
 * Runs an image request on an OpenAI-kind binding exposing `model`: 501 saying what to add when none can
 * serve it, 400 when the request names no model while bindings exist (Hearth can't know which of their
 * models draw pictures). The request log records the model as for generation.
 */
export async function forwardToImageBinding<T>(services: Services, ctx: Context, model: string | null | undefined, run: (target: UpstreamTarget) => Promise<T>): Promise<T> {
  if (!model) {
    if (!services.bindings.hasOpenAiBinding()) throw noImageBinding(model);
    throw new InvalidRequestError("Name the image model in 'model': Hearth forwards image requests to the binding that serves it (GET /v1/models lists them).", { param: 'model' });
  }
  const running = services.bindings.withOpenAiTarget(model, run);
  if (!running) throw noImageBinding(model);
  ctx.state.usage = { ...ctx.state.usage, model };
  return running;
}
