import type { Context } from 'koa';
import { lollmsSpeechRequest } from '../../../common/api/lollms.js';
import { NotSupportedError } from '../../../common/errors.js';
import { isSpeechEncoding, unsupportedFormatError } from '../../audio/speech/encodeSpeech.js';
import type { Services } from '../../services.js';
import { clientGoneSignal } from '../stream.js';
import { noteSpeechUsage, sendSpeech } from './sendSpeech.js';

const noCloning =
  "Voice cloning from an audio_sample needs a speech binding that clones voices (such as XTTS or OpenVoice); Hearth has none, and its local engines (espeak-ng, and the neural voices in the models folder) speak only their own voices. Leave audio_sample out to use one of those (GET /lollms/v1/audio/voices).";

/**
 * POST /lollms/v1/audio/speech: OpenAI's request with LoLLMs' `language`, `pitch` and `audio_sample`.
 * LoLLMs' `ogg` is Ogg Opus; `return_json` (or `b64_json`) answers the audio as base64 in JSON.
 */
export function lollmsSpeech(services: Services) {
  return async function createLollmsSpeech(ctx: Context): Promise<void> {
    const body = lollmsSpeechRequest.parse(ctx.request.body);
    if (body.audio_sample) throw new NotSupportedError(noCloning, { param: 'audio_sample' });
    const asked = body.response_format ?? 'mp3';
    const asJson = body.return_json === true || asked === 'b64_json';
    const format = asked === 'ogg' ? 'opus' : asked === 'b64_json' ? 'wav' : asked;
    if (!isSpeechEncoding(format)) throw unsupportedFormatError(format, 'response_format');
    const spoken = await services.speech.speak({
      text: (body.input ?? body.text)!,
      voice: body.voice,
      language: body.language,
      speed: body.speed,
      pitch: body.pitch,
      format,
      signal: clientGoneSignal(ctx),
    });
    if (!asJson) return sendSpeech(ctx, spoken);
    noteSpeechUsage(ctx, spoken);
    ctx.set('X-Hearth-Voice', spoken.voice);
    ctx.body = { audio: spoken.audio.toString('base64'), format, content_type: spoken.mimeType, voice: spoken.voice };
  };
}
