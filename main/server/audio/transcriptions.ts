import type { Context } from 'koa';
import { InvalidRequestError } from '../../../common/errors.js';
import type { Transcriber } from '../../audio/transcriber.js';
import { formatTranscription } from '../../audio/transcription/formatTranscription.js';
import { clientGoneSignal } from '../stream.js';
import { readAudioForm, transcriptionFields } from './transcriptionsForm.js';

/** Who transcribes a request's model: a binding or a local Whisper; throws the 4xx that names what is missing. */
export type PickTranscriber = (model: string) => Promise<Transcriber>;

/**
 * POST /audio/transcriptions (`task: 'transcribe'`) and /audio/translations (`'translate'`: English text):
 * OpenAI's multipart request and its answer in each `response_format`.
 */
export function audioTranscriptions(pickTranscriber: PickTranscriber, task: 'transcribe' | 'translate') {
  return async function transcription(ctx: Context): Promise<void> {
    const { file, fields } = await readAudioForm(ctx);
    const request = transcriptionFields.parse(fields);
    // Checked before the model is picked, so a malformed request is a 400 whatever is installed.
    if (!file) throw new InvalidRequestError("The request has no 'file': send the audio as a multipart file field named 'file'.", { param: 'file' });
    if (file.bytes.byteLength === 0) throw new InvalidRequestError(`'${file.filename}' is empty.`, { param: 'file' });
    if (request.stream === 'true') throw new InvalidRequestError('Streamed transcriptions are not supported; leave out stream.', { param: 'stream', code: 'unsupported_value' });
    const granularities = request['timestamp_granularities[]'] ?? [];
    if (granularities.length > 0 && request.response_format !== 'verbose_json') {
      throw new InvalidRequestError("timestamp_granularities[] needs response_format 'verbose_json'.", { param: 'timestamp_granularities', code: 'unsupported_value' });
    }
    if (granularities.includes('word')) {
      throw new InvalidRequestError("Word timestamps are not available: Hearth's transcribers time segments only. Ask for 'segment'.", { param: 'timestamp_granularities', code: 'unsupported_value' });
    }

    const transcriber = await pickTranscriber(request.model);
    const result = await transcriber.transcribe(
      {
        audio: file.bytes,
        filename: file.filename,
        mimeType: file.mimeType,
        model: request.model,
        language: task === 'translate' ? undefined : request.language,
        prompt: request.prompt,
        temperature: request.temperature,
        task,
      },
      clientGoneSignal(ctx),
    );
    ctx.state.usage = { model: request.model };
    // A translation's verbose_json names the language of its text, which is always English (OpenAI's TranslationVerbose).
    const formatted = formatTranscription(task === 'translate' ? { ...result, language: 'en' } : result, request.response_format, { task, temperature: request.temperature });
    if (formatted.kind === 'json') {
      ctx.body = formatted.body;
    } else {
      ctx.type = formatted.contentType;
      ctx.body = formatted.body;
    }
  };
}
