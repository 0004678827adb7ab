import Router from '@koa/router';
import type { Context } from 'koa';
import { localAiTextToSpeechRequest } from '../../../common/api/speech.js';
import { InvalidRequestError } from '../../../common/errors.js';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';
import { sendSpeech } from './sendSpeech.js';

/** LocalAI's backend names that mean an engine Hearth has; the voice then picks which one speaks. */
const knownBackends = new Set(['espeak', 'espeak-ng', 'espeakng', 'piper', 'vits', 'sherpa-onnx']);

/**
 * POST /v1/text-to-speech/{voice-id}: LocalAI's ElevenLabs-style route on the same engine. The path names
 * the voice; LocalAI answers WAV, and so does Hearth.
 */
export function textToSpeech(services: Services) {
  return async function createTextToSpeech(ctx: Context): Promise<void> {
    const body = localAiTextToSpeechRequest.parse(ctx.request.body);
    if (body.backend && !knownBackends.has(body.backend.toLowerCase())) {
      throw new InvalidRequestError(`Unknown backend '${body.backend}': Hearth speaks through espeak-ng ('espeak-ng') and neural voice folders ('piper').`, {
        param: 'backend',
        code: 'unsupported_value',
      });
    }
    // The router has decoded the path segment already.
    const voice = ctx.params.voiceId || body.voice;
    sendSpeech(ctx, await services.speech.speak({ text: body.input, voice, voiceParam: 'voice-id', format: 'wav', signal: clientGoneSignal(ctx) }));
  };
}

/** LocalAI's text-to-speech route, beside the OpenAI family under /v1 (its errors are OpenAI-shaped there). */
export function localAiSpeechRouter(services: Services): Router {
  const router = new Router({ prefix: '/v1' });
  router.post('/text-to-speech/:voiceId', textToSpeech(services));
  return router;
}
