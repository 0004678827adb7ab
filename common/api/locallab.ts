/**
 * The LocalLab REST API wire format (`/generate`, `/chat`, `/generate/batch`, `/models/*`,
 * `/system/info`), after LocalLab's API documentation. Unknown keys are stripped, as LocalLab's
 * pydantic models ignore them. Every quality parameter is optional and may be null; the server then
 * uses LocalLab's documented defaults (see `localLabDefaults`).
 */
import { z } from 'zod';

/** LocalLab's documented defaults for the response quality parameters. */
export const localLabDefaults = {
  maxLength: 8192,
  temperature: 0.7,
  topP: 0.9,
  topK: 80,
  repetitionPenalty: 1.15,
  doSample: true,
} as const;

/** The quality parameters /generate, /chat and /generate/batch share. */
export const localLabSampling = z.object({
  /** null picks the current model: the most recently used loaded one. */
  model_id: z.string().min(1).nullish(),
  /** Tokens to generate at most; the model's context caps it. */
  max_length: z.number().int().min(1).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().gt(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  /** Multiplicative; 1 disables. */
  repetition_penalty: z.number().gt(0).nullish(),
  /** false decodes greedily (temperature 0). */
  do_sample: z.boolean().nullish(),
});
export type LocalLabSampling = z.infer<typeof localLabSampling>;

export const localLabGenerateRequest = localLabSampling.extend({
  prompt: z.string().min(1),
  stream: z.boolean().nullish(),
});
export type LocalLabGenerateRequest = z.infer<typeof localLabGenerateRequest>;

export const localLabMessage = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type LocalLabMessage = z.infer<typeof localLabMessage>;

export const localLabChatRequest = localLabSampling.extend({
  messages: z.array(localLabMessage).min(1),
  stream: z.boolean().nullish(),
});
export type LocalLabChatRequest = z.infer<typeof localLabChatRequest>;

/** At most this many prompts in one batch, so one request can't fill the queue for everyone. */
export const localLabMaxBatchPrompts = 64;

export const localLabBatchRequest = localLabSampling.extend({
  prompts: z.array(z.string().min(1)).min(1).max(localLabMaxBatchPrompts),
});
export type LocalLabBatchRequest = z.infer<typeof localLabBatchRequest>;

export const localLabLoadRequest = z.object({
  /** A local model id or alias, or a Hugging Face reference (hf.co/USER/REPO:QUANT, hf:USER/REPO/FILE.gguf) downloaded first. */
  model_id: z.string().trim().min(1),
});
export type LocalLabLoadRequest = z.infer<typeof localLabLoadRequest>;

/** The body is optional: without model_id the current model is unloaded. */
export const localLabUnloadRequest = z.object({ model_id: z.string().min(1).nullish() }).default({});
export type LocalLabUnloadRequest = z.infer<typeof localLabUnloadRequest>;

export interface LocalLabUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export interface LocalLabGenerateResponse {
  response: string;
  model: string;
  usage: LocalLabUsage;
}

export interface LocalLabChatResponse {
  choices: Array<{ message: { role: 'assistant'; content: string }; finish_reason: 'stop' | 'length' }>;
  model: string;
  usage: LocalLabUsage;
}

export interface LocalLabBatchResponse {
  responses: string[];
  model: string;
  usage: LocalLabUsage;
}

/** One model as /models/available and /models/current describe it. */
export interface LocalLabModel {
  id: string;
  name: string;
  aliases: string[];
  architecture: string | null;
  parameter_count: number | null;
  quantization: string | null;
  size_bytes: number;
  context_length: number | null;
  has_chat_template: boolean | null;
  is_loaded: boolean;
  status: 'unloaded' | 'loading' | 'loaded' | 'unloading' | 'error';
}

export interface LocalLabCurrentModel extends LocalLabModel {
  /** The loaded context size, parallel slots and idle expiry (ms since the epoch, null when kept). */
  loaded: { context_size: number; parallel_slots: number; gpu_layers: number; expires_at: number | null } | null;
}

export interface LocalLabModelsAvailable {
  models: LocalLabModel[];
}

/** /models/current: model_id is null when nothing is loaded. */
export type LocalLabCurrentResponse = ({ model_id: string } & LocalLabCurrentModel) | { model_id: null; status: 'no_model_loaded' };

export interface LocalLabLoadResponse {
  status: 'success';
  message: string;
  model_id: string;
  /** Set when the model was downloaded from Hugging Face first. */
  downloaded_from: string | null;
  model: LocalLabCurrentModel;
}

export interface LocalLabUnloadResponse {
  status: 'success';
  message: string;
  /** The model that was unloaded; null when none was loaded. */
  model_id: string | null;
}

export interface LocalLabSystemInfo {
  cpu: { model: string; cores: number; usage_percent: number; load_average: number[] };
  memory: { total_bytes: number; free_bytes: number; used_bytes: number; percent: number };
  /** The GPU llama.cpp runs on (backend, device names, VRAM) and what loaded models hold of it; null on the CPU only. */
  gpu: {
    backend: string;
    devices: string[];
    vram_total_bytes: number;
    vram_used_bytes: number;
    vram_free_bytes: number;
    vram_used_by_models_bytes: number;
  } | null;
  platform: { os: string; release: string; arch: string; node: string };
  /** The current model's id, null when nothing is loaded. */
  active_model: string | null;
  loaded_models: string[];
  /** Seconds this server process has run. */
  uptime: number;
  timestamp: string;
}
