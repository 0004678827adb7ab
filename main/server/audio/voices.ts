import type { Context } from 'koa';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';

/**
 * GET /v1/audio/voices and /lollms/v1/audio/voices: OpenAI's names with the local voice each maps to
 * (`alias_of`), then espeak-ng's voices with their languages, and the variants a voice takes as `+variant`.
 */
export function voices(services: Services) {
  return async function listVoices(ctx: Context): Promise<void> {
    ctx.body = await services.speech.voices(clientGoneSignal(ctx));
  };
}
