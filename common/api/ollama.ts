/**
 * The Ollama REST API wire format (`/api/*`, `/ollama/api/*`): request schemas validated on the
 * server and the response shapes we send. Unknown keys are stripped, as Ollama's Go decoder ignores
 * them; Ollama clients send fields of newer versions and must keep working. Durations are nanoseconds.
 */
import { z } from 'zod';
import { chatFiles, openAiToolChoice, type ChatSource } from './openai.js';
import { jsonSchemaDepthRule, jsonSchemaObject } from './jsonSchema.js';
import { modelAlias } from '../settings.js';

/**
 * `keep_alive` as Ollama takes it: seconds as a number, or a Go duration string ("5m", "1h30m",
 * "300ms", "-1"); 0 unloads right after the request, negative keeps the model loaded.
 */
export const ollamaKeepAlive = z.union([
  z.number(),
  // JSON's 1e309 parses to Infinity, which z.number() refuses; like any keep_alive past a timer's reach it means "forever".
  z.literal(Infinity),
  z.literal(-Infinity),
  z.string(),
]);

/**
 * The options Hearth honours. Other Ollama options (num_gpu, num_thread, mirostat…) are load-time or
 * sampler knobs this engine doesn't have per request; they pass validation and the route logs them as ignored.
 */
export const ollamaOptions = z.looseObject({
  temperature: z.number().min(0).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  min_p: z.number().min(0).max(1).nullish(),
  repeat_penalty: z.number().min(0).nullish(),
  presence_penalty: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
  seed: z.number().int().nullish(),
  /**
   * Tokens to generate, as llama.cpp's n_predict: 0 generates nothing (an empty answer, done_reason "length");
   * -1 (infinite) and -2 (fill the context) both mean "until the context is full", never past it.
   */
  num_predict: z.number().int().nullish(),
  /** Context size the client wants; checked against the loaded model's (see translate.ts). */
  num_ctx: z.number().int().min(1).nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
});
export type OllamaOptions = z.infer<typeof ollamaOptions>;

/** `"json"` for any JSON value, a JSON schema object for structured output; `""` means plain text. */
export const ollamaFormat = z.union([z.literal('json'), z.literal(''), z.record(z.string(), z.unknown())]).refine(...jsonSchemaDepthRule);
export type OllamaFormat = z.infer<typeof ollamaFormat>;

export const ollamaToolCall = z.object({
  function: z.object({
    // Newer Ollama numbers parallel calls; accepted and not needed.
    index: z.number().int().nullish(),
    name: z.string().min(1),
    /** An object, not JSON text as in OpenAI's format. */
    arguments: z.record(z.string(), z.unknown()).default({}),
  }),
});
export type OllamaToolCall = z.infer<typeof ollamaToolCall>;

export const ollamaMessage = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.string().nullish(),
  /** Base64 images; refused with a 400, since no local engine path here reads images. */
  images: z.array(z.string()).nullish(),
  tool_calls: z.array(ollamaToolCall).nullish(),
  /** Which tool a `tool` message answers (Ollama has no call ids). */
  tool_name: z.string().nullish(),
  thinking: z.string().nullish(),
});
export type OllamaMessage = z.infer<typeof ollamaMessage>;

export const ollamaTool = z.object({
  type: z.literal('function').default('function'),
  function: z.object({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: jsonSchemaObject.nullish(),
  }),
});

/** Whether (or how hard) a thinking model reasons before answering; models without a thinking part answer without one. */
const think = z.union([z.boolean(), z.enum(['high', 'medium', 'low'])]).nullish();

export const ollamaChatRequest = z.object({
  model: z.string().min(1),
  messages: z.array(ollamaMessage).default([]),
  stream: z.boolean().nullish(),
  format: ollamaFormat.nullish(),
  tools: z.array(ollamaTool).nullish(),
  /**
   * A Hearth extension (Ollama has none): OpenAI's `"auto"`, `"none"`, `"required"` or
   * `{type: "function", function: {name}}`. A forcing choice makes the reply a call through a grammar,
   * since a small model can't be trusted to call a tool just because it was asked to.
   */
  tool_choice: openAiToolChoice.nullish(),
  options: ollamaOptions.nullish(),
  keep_alive: ollamaKeepAlive.nullish(),
  think,
  /** A Hearth extension in Open WebUI's convention: `[{type: "collection", id: DATASTORE_ID}]` grounds the answer in datastores. */
  files: chatFiles.nullish(),
});
export type OllamaChatRequest = z.infer<typeof ollamaChatRequest>;

export const ollamaGenerateRequest = z.object({
  model: z.string().min(1),
  prompt: z.string().nullish(),
  suffix: z.string().nullish(),
  system: z.string().nullish(),
  /** A Go template overriding the model's; only the model's own template is supported. */
  template: z.string().nullish(),
  /** Tokens of an earlier /api/generate exchange (deprecated by Ollama); only an empty list is accepted. */
  context: z.array(z.number().int()).nullish(),
  raw: z.boolean().nullish(),
  stream: z.boolean().nullish(),
  format: ollamaFormat.nullish(),
  images: z.array(z.string()).nullish(),
  options: ollamaOptions.nullish(),
  keep_alive: ollamaKeepAlive.nullish(),
  think,
});
export type OllamaGenerateRequest = z.infer<typeof ollamaGenerateRequest>;

export const ollamaEmbedRequest = z.object({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string())]),
  /** Ollama's default is true: cut inputs longer than the context rather than fail. */
  truncate: z.boolean().nullish(),
  dimensions: z.number().int().min(1).nullish(),
  options: ollamaOptions.nullish(),
  keep_alive: ollamaKeepAlive.nullish(),
});
export type OllamaEmbedRequest = z.infer<typeof ollamaEmbedRequest>;

/** The older single-text endpoint, POST /api/embeddings. */
export const ollamaEmbeddingsRequest = z.object({
  model: z.string().min(1),
  prompt: z.string().default(''),
  options: ollamaOptions.nullish(),
  keep_alive: ollamaKeepAlive.nullish(),
});

/** Show, delete and pull name the model as `model`; older clients send `name`. Parsed, `model` is always set. */
const modelOrName = { model: z.string().min(1).nullish(), name: z.string().min(1).nullish() };
const requireModel: [(body: { model?: string | null; name?: string | null }) => boolean, { message: string; path: string[] }] = [
  (body) => Boolean(body.model || body.name),
  { message: 'model is required', path: ['model'] },
];
const withModel = <T extends { model?: string | null; name?: string | null }>(body: T) => ({ ...body, model: (body.model ?? body.name)! });

export const ollamaShowRequest = z.object({ ...modelOrName, verbose: z.boolean().nullish() }).refine(...requireModel).transform(withModel);
export const ollamaDeleteRequest = z.object(modelOrName).refine(...requireModel).transform(withModel);
export const ollamaPullRequest = z
  .object({ ...modelOrName, stream: z.boolean().nullish(), insecure: z.boolean().nullish() })
  .refine(...requireModel)
  .transform(withModel);
/** The destination becomes an alias, so it follows the alias rules (printable, at most 128 characters, no path). */
export const ollamaCopyRequest = z.object({ source: z.string().min(1), destination: modelAlias });

// ---- Responses. Times are ISO strings on the wire; the ollama npm package types them as Date without converting.

export interface OllamaModelDetails {
  parent_model: string;
  format: string;
  family: string;
  families: string[];
  /** Parameter count as Ollama prints it: "292.80K", "7.2B". */
  parameter_size: string;
  quantization_level: string;
}

export interface OllamaListModel {
  name: string;
  model: string;
  modified_at: string;
  size: number;
  /** sha256 of the file, hex. */
  digest: string;
  details: OllamaModelDetails;
  /** Hearth's addition: why the model can't be used (an unreadable file); absent when it can. */
  error?: string;
}

export interface OllamaRunningModel extends OllamaListModel {
  expires_at: string;
  size_vram: number;
  context_length: number;
}

export interface OllamaListResponse {
  models: OllamaListModel[];
}

export interface OllamaPsResponse {
  models: OllamaRunningModel[];
}

export interface OllamaShowResponse {
  license: string;
  modelfile: string;
  parameters: string;
  template: string;
  system: string;
  details: OllamaModelDetails;
  model_info: Record<string, unknown>;
  capabilities: string[];
  modified_at: string;
}

export interface OllamaResponseToolCall {
  function: { name: string; arguments: Record<string, unknown> };
}

export interface OllamaResponseMessage {
  role: 'assistant';
  content: string;
  tool_calls?: OllamaResponseToolCall[];
}

/** Counts and nanosecond durations Ollama puts on the last object of a generation. */
export interface OllamaMetrics {
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
  prompt_eval_duration: number;
  eval_count: number;
  eval_duration: number;
}

export type OllamaDoneReason = 'stop' | 'length' | 'load' | 'unload';

export type OllamaChatResponse =
  | { model: string; created_at: string; message: OllamaResponseMessage; done: false }
  | ({ model: string; created_at: string; message: OllamaResponseMessage; done: true; done_reason: OllamaDoneReason; sources?: ChatSource[] } & OllamaMetrics);

export type OllamaGenerateResponse =
  | { model: string; created_at: string; response: string; done: false }
  | ({ model: string; created_at: string; response: string; done: true; done_reason: OllamaDoneReason } & OllamaMetrics);

export interface OllamaEmbedResponse {
  model: string;
  embeddings: number[][];
  total_duration: number;
  load_duration: number;
  prompt_eval_count: number;
}

export interface OllamaEmbeddingsResponse {
  embedding: number[];
}

export interface OllamaProgressResponse {
  status: string;
  digest?: string;
  total?: number;
  completed?: number;
}

export interface OllamaVersionResponse {
  version: string;
}
