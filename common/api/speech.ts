/**
 * Text-to-speech on the wire: OpenAI's `/v1/audio/speech`, LocalAI's ElevenLabs-style
 * `/v1/text-to-speech/{voice-id}` and the voice listing both families answer. LoLLMs' own request
 * (`language`, `audio_sample`) is in lollms.ts. Unknown keys are stripped, optional fields `nullish`.
 */
import { z } from 'zod';

/**
 * The longest text one request may speak, in characters: OpenAI's own limit, about five minutes of
 * speech. Longer text is split by the client, as OpenAI's clients already do.
 */
export const maxSpeechInputChars = 4096;

/** Encodings a client may ask for; `aac` is recognised so its refusal can name the supported ones. */
export const speechResponseFormats = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm'] as const;
export type SpeechResponseFormat = (typeof speechResponseFormats)[number];

/** Speaking-speed multiplier, as OpenAI bounds it. */
export const speechSpeed = z.number().min(0.25).max(4);

export const openAiSpeechRequest = z.object({
  /** OpenAI's tts-1, tts-1-hd, gpt-4o-mini-tts…: any name; the voice picks the engine. */
  model: z.string().min(1),
  input: z.string().min(1),
  voice: z.string().min(1),
  /** gpt-4o-mini-tts's style prompt; neither local engine can follow it, so it is accepted and ignored. */
  instructions: z.string().nullish(),
  response_format: z.enum(speechResponseFormats).nullish(),
  speed: speechSpeed.nullish(),
  /** OpenAI's `sse` streams base64 chunks; Hearth answers the whole file (`audio`) either way. */
  stream_format: z.enum(['audio', 'sse']).nullish(),
});
export type OpenAiSpeechRequest = z.infer<typeof openAiSpeechRequest>;

/** LocalAI's TTSRequest; the voice comes from the path and `backend` picks an engine. */
export const localAiTextToSpeechRequest = z.object({
  input: z.string().min(1),
  model: z.string().nullish(),
  voice: z.string().nullish(),
  backend: z.string().nullish(),
});
export type LocalAiTextToSpeechRequest = z.infer<typeof localAiTextToSpeechRequest>;

/** One voice a client may name; OpenAI's names carry `alias_of`, the local voice that speaks for them. */
export interface SpeechVoiceInfo {
  id: string;
  name: string;
  /** BCP 47-like tag the voice speaks, lower case (`en-us`). */
  language: string;
  /** Other tags this voice is picked for when a request names only a `language`. */
  languages: string[];
  gender?: 'male' | 'female';
  /** espeak-ng's built-in voices, or a neural (VITS/Piper) voice folder run by sherpa-onnx. */
  engine: SpeechEngine;
  alias_of?: string;
  /** A multi-speaker neural voice's speakers by speaker id; a request names one as `voice+speaker` (name or number). */
  speakers?: string[];
  /** A neural voice's output rate in Hz. */
  sample_rate?: number;
  /** Why a neural voice folder can't be loaded; requests naming it answer 422 with this. */
  error?: string;
}

/** The engines that speak: espeak-ng (built in) and sherpa-onnx (voice folders in the models folder). */
export type SpeechEngine = 'espeak-ng' | 'sherpa-onnx';

/** A voice variant: appended as `voice+variant` (`en-us+f3`) it changes timbre, pitch and gender. */
export interface SpeechVariantInfo {
  id: string;
  name: string;
  gender?: 'male' | 'female';
}

/** GET /v1/audio/voices and /lollms/v1/audio/voices. */
export interface SpeechVoicesResponse {
  object: 'list';
  voices: SpeechVoiceInfo[];
  variants: SpeechVariantInfo[];
}
