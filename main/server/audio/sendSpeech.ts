import type { Context } from 'koa';
import type { SpokenAudio } from '../../audio/speech/SpeechService.js';

/** The audio as the response body, with its type and the local voice that spoke (X-Hearth-Voice). */
export function sendSpeech(ctx: Context, spoken: SpokenAudio): void {
  noteSpeechUsage(ctx, spoken);
  ctx.set('X-Hearth-Voice', spoken.voice);
  ctx.type = spoken.mimeType;
  ctx.body = spoken.audio;
}

/** The request log and statistics name the engine that spoke; speech counts no tokens. */
export function noteSpeechUsage(ctx: Context, spoken: SpokenAudio): void {
  ctx.state.usage = { model: spoken.engine, promptTokens: 0, completionTokens: 0 };
}
