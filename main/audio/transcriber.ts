/**
 * What turns speech into text, wherever it runs: a local Whisper or a remote binding's upstream. The
 * transcription routes pick one per request and format its result for the client (json, text, srt, vtt,
 * verbose_json), so every source gives segments with times.
 */
export interface TranscriptionInput {
  audio: Uint8Array;
  /** As the client sent it; upstreams and decoders guess the container from its extension. */
  filename: string;
  mimeType?: string;
  /** The model the client asked for (a local Whisper's id, or a name a binding exposes). */
  model: string;
  /** ISO-639-1 hint; absent means detect. */
  language?: string;
  prompt?: string;
  temperature?: number;
  /** 'translate' gives English text whatever the spoken language (`/v1/audio/translations`). */
  task: 'transcribe' | 'translate';
}

export interface TranscriptionSegment {
  id: number;
  /** Seconds from the start of the audio. */
  start: number;
  end: number;
  text: string;
}

export interface TranscriptionResult {
  text: string;
  language?: string;
  durationSeconds?: number;
  segments: TranscriptionSegment[];
}

export interface Transcriber {
  transcribe(input: TranscriptionInput, signal?: AbortSignal): Promise<TranscriptionResult>;
}
