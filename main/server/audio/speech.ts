import type { Context } from 'koa';
import { openAiSpeechRequest } from '../../../common/api/speech.js';
import { InvalidRequestError } from '../../../common/errors.js';
import { isSpeechEncoding, unsupportedFormatError } from '../../audio/speech/encodeSpeech.js';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';
import { sendSpeech } from './sendSpeech.js';

/** POST /v1/audio/speech: OpenAI's request, spoken by the local engine whatever `model` it names. */
export function speech(services: Services) {
  return async function createSpeech(ctx: Context): Promise<void> {
    const body = openAiSpeechRequest.parse(ctx.request.body);
    const format = body.response_format ?? 'mp3';
    if (!isSpeechEncoding(format)) throw unsupportedFormatError(format, 'response_format');
    if (body.stream_format === 'sse') {
      throw new InvalidRequestError("Hearth answers speech as one audio file: use stream_format 'audio'.", { param: 'stream_format', code: 'unsupported_value' });
    }
    sendSpeech(ctx, await services.speech.speak({ text: body.input, voice: body.voice, speed: body.speed, format, signal: clientGoneSignal(ctx) }));
  };
}
