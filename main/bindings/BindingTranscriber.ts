import type { Transcriber, TranscriptionInput, TranscriptionResult } from '../audio/transcriber.js';
import type { UpstreamTarget } from './BindingService.js';
import { upstreamFetch, upstreamUrl } from './upstreamFetch.js';

interface VerboseTranscription {
  text?: string;
  language?: string;
  duration?: number;
  segments?: { id?: number; start?: number; end?: number; text?: string }[];
}

/**
 * Speech to text through an OpenAI-compatible upstream (LocalAI, a vLLM or faster-whisper server, OpenAI):
 * multipart to /audio/transcriptions or /audio/translations asking for verbose_json, so segments have times.
 * An upstream that answers plain json (no segments) gives one segment spanning what it reports.
 */
export class BindingTranscriber implements Transcriber {
  constructor(private readonly withTarget: <T>(run: (target: UpstreamTarget) => Promise<T>) => Promise<T>) {}

  transcribe(input: TranscriptionInput, signal?: AbortSignal): Promise<TranscriptionResult> {
    return this.withTarget(async ({ binding, apiKey, upstreamModel }) => {
      const form = new FormData();
      form.set('file', new Blob([new Uint8Array(input.audio)], input.mimeType ? { type: input.mimeType } : {}), input.filename);
      form.set('model', upstreamModel);
      form.set('response_format', 'verbose_json');
      if (input.language && input.task === 'transcribe') form.set('language', input.language);
      if (input.prompt) form.set('prompt', input.prompt);
      if (input.temperature !== undefined) form.set('temperature', String(input.temperature));
      const path = input.task === 'translate' ? '/audio/translations' : '/audio/transcriptions';
      const response = await upstreamFetch({ binding, apiKey, signal }, upstreamUrl(binding, path), { form });
      const type = response.headers.get('content-type') ?? '';
      const body: VerboseTranscription = type.includes('json') ? ((await response.json()) as VerboseTranscription) : { text: await response.text() };
      const text = (body.text ?? '').trim();
      const segments = (body.segments ?? []).map((s, i) => ({ id: s.id ?? i, start: s.start ?? 0, end: s.end ?? s.start ?? 0, text: (s.text ?? '').trim() }));
      return {
        text,
        ...(body.language && { language: body.language }),
        ...(body.duration !== undefined && { durationSeconds: body.duration }),
        segments: segments.length > 0 ? segments : text ? [{ id: 0, start: 0, end: body.duration ?? 0, text }] : [],
      };
    });
  }
}
