import path from 'node:path';
import type { Context } from 'koa';
import { z } from 'zod';
import { InvalidRequestError, PayloadTooLargeError, type HearthError } from '../../../common/errors.js';
import { formatBytes } from '../../../common/format.js';
import { multipartParser, parseMultipart } from '../multipartBody.js';
import { transcriptionResponseFormats } from '../../audio/transcription/formatTranscription.js';

/** OpenAI's limit for one upload; Hearth takes the same. */
export const maxAudioUploadBytes = 25 * 1024 * 1024;

/** The form fields of /audio/transcriptions and /audio/translations, as multipart sends them: all text. */
export const transcriptionFields = z.object({
  model: z.string({ error: "'model' is required: the name of a local Whisper model, a model a binding serves, or whisper-1." }).trim().min(1).max(512),
  language: z
    .string()
    .trim()
    .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)?$/, "'language' is an ISO-639-1 code such as 'en'.")
    .optional(),
  prompt: z.string().max(10_000).optional(),
  response_format: z.enum(transcriptionResponseFormats, { error: `'response_format' must be one of ${transcriptionResponseFormats.join(', ')}.` }).default('json'),
  temperature: z.coerce.number().min(0).max(1).optional(),
  'timestamp_granularities[]': z.array(z.enum(['segment', 'word'])).optional(),
  stream: z.enum(['true', 'false']).optional(),
});
export type TranscriptionFields = z.infer<typeof transcriptionFields>;

export interface AudioUpload {
  bytes: Uint8Array;
  filename: string;
  mimeType: string;
}

/** Fields whose repeats are kept as a list; any other field keeps its last value. */
const listFields = new Set(['timestamp_granularities[]', 'timestamp_granularities', 'include[]']);

/**
 * Reads a multipart/form-data body: the `file` part into memory (at most `limitBytes`), every other field
 * as text. A file over the limit is a 413; the rest of the body is still read and dropped, so the client
 * hears the answer rather than a reset connection.
 */
export async function readAudioForm(ctx: Context, limitBytes = maxAudioUploadBytes): Promise<{ file: AudioUpload | null; fields: Record<string, string | string[]> }> {
  if (!ctx.is('multipart/form-data')) {
    throw new InvalidRequestError("Send the audio as multipart/form-data with a 'file' field (as OpenAI's clients do).", { param: 'file' });
  }
  const parser = multipartParser(ctx, { fileSize: limitBytes, files: 5, fields: 50, fieldSize: 64 * 1024 });
  const fields: Record<string, string | string[]> = {};
  let file: AudioUpload | null = null;
  let failure: HearthError | null = null;
  parser.on('field', (name, value) => {
    // OpenAI's clients send arrays as repeated `name[]` fields; `name` alone is accepted too.
    const key = name === 'timestamp_granularities' ? 'timestamp_granularities[]' : name;
    if (listFields.has(key)) fields[key] = [...((fields[key] as string[] | undefined) ?? []), value];
    else fields[key] = value;
  });
  parser.on('file', (field, stream, info) => {
    // A body cut short fails the parser and the file stream with it; the parser's 'error' reports it.
    stream.on('error', () => {});
    // Only the first `file` part is the audio; other parts are read and dropped.
    if (field !== 'file' || file) {
      stream.resume();
      return;
    }
    const chunks: Buffer[] = [];
    const upload: AudioUpload = { bytes: new Uint8Array(), filename: path.basename(info.filename || 'audio'), mimeType: info.mimeType };
    file = upload;
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('limit', () => {
      failure ??= new PayloadTooLargeError(`'${upload.filename}' is larger than the ${formatBytes(limitBytes)} an audio upload may be.`);
    });
    stream.on('end', () => {
      upload.bytes = failure ? new Uint8Array() : Buffer.concat(chunks);
    });
  });
  await parseMultipart(ctx, parser);
  if (failure) throw failure;
  return { file, fields };
}
