/**
 * The LoLLMs services wire format (`/lollms/v1/*`), after LoLLMs' API documentation and the field
 * names of its own server. Unknown keys are stripped, as LoLLMs' pydantic models ignore them; Python
 * clients send `null` for unset options, so optional fields are `nullish`. Errors and `/models` are
 * OpenAI-shaped (common/api/openai.ts).
 */
import { z } from 'zod';
import type { OpenAiUsage } from './openai.js';

/** LoLLMs names models `binding/model`; Hearth takes its own ids and aliases. Unset picks the loaded model used last. */
const model = z.string().min(1).nullish();

export const lollmsTokenizeRequest = z.object({ model, text: z.string() });
export type LollmsTokenizeRequest = z.infer<typeof lollmsTokenizeRequest>;

export const lollmsDetokenizeRequest = z.object({
  model,
  // The upper bound is the model's vocabulary, which only the engine knows.
  tokens: z.array(z.number().int().min(0)),
});
export type LollmsDetokenizeRequest = z.infer<typeof lollmsDetokenizeRequest>;

export const lollmsLongContextRequest = z.object({
  model,
  text: z.string().min(1),
  /** What to do with the text; LoLLMs leaves it optional, and a summary is what its clients then get. */
  prompt: z.string().min(1).nullish(),
  /** Tokens the final answer may take at most; the model's context caps it. Default: the rest of the context. */
  max_generation_tokens: z.number().int().min(1).nullish(),
  /** Text tokens per chunk at most, to get finer partial results; what fits the context caps it. */
  chunk_size: z.number().int().min(16).nullish(),
});
export type LollmsLongContextRequest = z.infer<typeof lollmsLongContextRequest>;

export const lollmsRagQueryRequest = z.object({
  datastore_id: z.string().min(1),
  query: z.string().min(1),
  top_k: z.number().int().min(1).nullish(),
  /** Percent. */
  min_similarity: z.number().min(0).max(100).nullish(),
});
export type LollmsRagQueryRequest = z.infer<typeof lollmsRagQueryRequest>;

/** OpenAI's /audio/speech body with LoLLMs' additions (language, an inline voice sample to clone). */
export const lollmsSpeechRequest = z
  .object({
    input: z.string().min(1).nullish(),
    /** What LoLLMs' own clients send the text as; `input` wins when both are there. */
    text: z.string().min(1).nullish(),
    voice: z.string().nullish(),
    audio_sample: z.string().nullish(),
    model,
    response_format: z.enum(['mp3', 'wav', 'ogg', 'opus', 'flac', 'aac', 'pcm', 'b64_json']).nullish(),
    speed: z.number().min(0.25).max(4).nullish(),
    pitch: z.number().gt(0).nullish(),
    language: z.string().nullish(),
    return_json: z.boolean().nullish(),
  })
  .refine((body) => body.input != null || body.text != null, { message: 'The text to speak is missing: send it as input (or text).', path: ['input'] });
export type LollmsSpeechRequest = z.infer<typeof lollmsSpeechRequest>;

export const lollmsImageEditRequest = z.object({
  prompt: z.string().min(1),
  /** Base64 image data. */
  image: z.string().min(1),
  mask: z.string().nullish(),
  model,
});
export type LollmsImageEditRequest = z.infer<typeof lollmsImageEditRequest>;

// ---- Responses. LoLLMs' own field names; `model` is Hearth's addition, naming the model a default picked.

export interface LollmsTokenizeResponse {
  tokens: number[];
  count: number;
  model: string;
}

export interface LollmsDetokenizeResponse {
  text: string;
  model: string;
}

export interface LollmsLongContextResponse {
  /** The final answer; LoLLMs returns it under this name. */
  result: string;
  model: string;
  /** Pieces the text was split into; 1 when it fit the context whole. */
  chunks: number;
  /** Generations run: one per chunk, one per merge of partial results, and the final one. */
  calls: number;
  /** Summed over every call. */
  usage: OpenAiUsage;
}
