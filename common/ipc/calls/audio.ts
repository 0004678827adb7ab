import { z } from 'zod';

/** OpenAI's limit for an uploaded recording; a dictation is far smaller. */
export const maxTranscribeBytes = 25 * 1024 * 1024;

/** The encodings the UI asks speech in: all play in an <audio> element. */
export const speechFormat = z.enum(['wav', 'mp3', 'opus', 'flac']);
export type SpeechFormat = z.infer<typeof speechFormat>;

/** A voice the speech engine offers, as the UI lists it. */
export const speechVoice = z.object({
  id: z.string(),
  name: z.string(),
  language: z.string().optional(),
  /** OpenAI's names (alloy, nova…) stand for a local voice. */
  aliasOf: z.string().optional(),
});
export type SpeechVoice = z.infer<typeof speechVoice>;

/** Bytes cross the bridge as they are: Electron's structured clone and the web transport both keep a Uint8Array. */
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'Expected audio bytes (a Uint8Array).');

/** Speak a reply, list voices, dictate into the composer: /v1/audio/speech, /v1/audio/voices, /v1/audio/transcriptions. */
export const audioCalls = {
  'audio:speak': {
    input: z.object({ text: z.string().min(1).max(100_000), voice: z.string().min(1).max(128).optional(), format: speechFormat.optional() }).strict(),
    output: z.object({ audio: bytes, mimeType: z.string() }),
  },
  'audio:voices': { input: z.object({}).strict(), output: z.array(speechVoice) },
  'audio:transcribe': {
    input: z
      .object({
        audio: bytes.refine((audio) => audio.byteLength > 0 && audio.byteLength <= maxTranscribeBytes, 'The recording is empty or larger than 25 MB.'),
        filename: z.string().min(1).max(256),
        mimeType: z.string().min(1).max(128),
        model: z.string().min(1).max(512).optional(),
      })
      .strict(),
    output: z.object({ text: z.string() }),
  },
} as const;
