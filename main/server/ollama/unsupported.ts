import type { Context } from 'koa';
import { NotSupportedError } from '../../../common/errors.js';

/** POST /api/create: Hearth serves GGUF files as they are; there are no Modelfiles to build. */
export function create() {
  return async function ollamaCreate(_ctx: Context): Promise<void> {
    throw new NotSupportedError(
      "Creating models from a Modelfile is not supported by Hearth. Put a .gguf file in the models folder, or pull one with /api/pull (hf.co/USER/REPO:QUANT); set a model's context size, system prompt and sampling defaults in Hearth's model settings.",
    );
  };
}

/** POST /api/push: Hearth has no registry to push to. */
export function push() {
  return async function ollamaPush(_ctx: Context): Promise<void> {
    throw new NotSupportedError('Pushing models is not supported by Hearth: it serves local GGUF files and has no registry to push to.');
  };
}
