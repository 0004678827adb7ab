/**
 * The OpenAI-compatible wire format: request schemas (validated on the server, typed for the
 * renderer) and the response shapes we send. Unknown keys are stripped rather than refused:
 * OpenAI clients send fields we don't know (metadata, store, service_tier…) and must keep working.
 * Python clients send `null` for unset options, so optional fields are `nullish`.
 */
import { z } from 'zod';
import type { ModelInfo } from '../models.js';
import { jsonSchemaObject } from './jsonSchema.js';

const textPart = z.object({ type: z.literal('text'), text: z.string() });
const imagePart = z.object({
  type: z.literal('image_url'),
  image_url: z.union([z.string(), z.object({ url: z.string(), detail: z.string().nullish() })]),
});
const audioPart = z.object({ type: z.literal('input_audio'), input_audio: z.object({ data: z.string(), format: z.string() }) });
const filePart = z.object({
  type: z.literal('file'),
  file: z.object({ file_data: z.string().nullish(), file_id: z.string().nullish(), filename: z.string().nullish() }),
});
const refusalPart = z.object({ type: z.literal('refusal'), refusal: z.string() });

/** Any part a user message may carry; only text reaches the engine (the routes refuse the rest with a clear 400). */
export const openAiContentPart = z.discriminatedUnion('type', [textPart, imagePart, audioPart, filePart, refusalPart]);
export type OpenAiContentPart = z.infer<typeof openAiContentPart>;

const textContent = z.union([z.string(), z.array(textPart)]);
const userContent = z.union([z.string(), z.array(openAiContentPart)]);

const toolCallParam = z.object({
  id: z.string(),
  type: z.literal('function').default('function'),
  function: z.object({ name: z.string().min(1), arguments: z.string() }),
});

export const openAiMessage = z.discriminatedUnion('role', [
  z.object({ role: z.literal('system'), content: textContent, name: z.string().nullish() }),
  // OpenAI's newer name for the system role (o1 and later); local templates only know 'system'.
  z.object({ role: z.literal('developer'), content: textContent, name: z.string().nullish() }),
  z.object({ role: z.literal('user'), content: userContent, name: z.string().nullish() }),
  z.object({
    role: z.literal('assistant'),
    // null when the turn was only tool calls.
    content: z.union([z.string(), z.array(z.union([textPart, refusalPart]))]).nullish(),
    tool_calls: z.array(toolCallParam).nullish(),
    name: z.string().nullish(),
    refusal: z.string().nullish(),
  }),
  z.object({ role: z.literal('tool'), content: textContent, tool_call_id: z.string() }),
]);
export type OpenAiMessage = z.infer<typeof openAiMessage>;

export const openAiTool = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().min(1),
    description: z.string().nullish(),
    parameters: jsonSchemaObject.nullish(),
    strict: z.boolean().nullish(),
  }),
});

export const openAiToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string().min(1) }) }),
]);
export type OpenAiToolChoice = z.infer<typeof openAiToolChoice>;

/**
 * `json_schema` comes nested as OpenAI documents it (`json_schema: {name, schema}`) or with a bare
 * `schema` as llama.cpp's server and several clients send it; both are accepted.
 */
export const openAiResponseFormat = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z
    .object({
      type: z.literal('json_schema'),
      json_schema: z
        .object({ name: z.string().nullish(), description: z.string().nullish(), schema: jsonSchemaObject.nullish(), strict: z.boolean().nullish() })
        .nullish(),
      schema: jsonSchemaObject.nullish(),
    })
    .refine((format) => format.json_schema?.schema ?? format.schema, {
      message: "json_schema needs a schema: {type: 'json_schema', json_schema: {name, schema}} or {type: 'json_schema', schema}",
      path: ['json_schema', 'schema'],
    }),
]);
export type OpenAiResponseFormat = z.infer<typeof openAiResponseFormat>;

const stop = z.union([z.string(), z.array(z.string())]).nullish();
const streamOptions = z.object({ include_usage: z.boolean().nullish() }).nullish();

/** Sampling fields both generation endpoints share; top_k, min_p and repeat_penalty are llama.cpp's extensions. */
const sampling = {
  model: z.string().min(1),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  min_p: z.number().min(0).max(1).nullish(),
  repeat_penalty: z.number().min(0).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  seed: z.number().int().nullish(),
  // 0 is refused with a 400, as OpenAI refuses it ("expected a value >= 1"); only Ollama's num_predict 0 means
  // "generate nothing". The engine never passes 0 on either way: node-llama-cpp reads it as "no limit".
  max_tokens: z.number().int().min(1).nullish(),
  stop,
  stream: z.boolean().nullish(),
  stream_options: streamOptions,
  n: z.number().int().min(1).nullish(),
  user: z.string().nullish(),
};

/**
 * A knowledge base to chat with, in Open WebUI's convention: `{type: "collection", id}`, where Hearth's
 * datastores are the collections. Open WebUI's own items also carry `collection_name`, and its legacy ones
 * `collection_names`; any of the three names the datastore. Other item types (Open WebUI's single `file`)
 * have no Hearth counterpart: a 400 says so rather than answering without them.
 */
export const chatCollectionFile = z
  .object({
    type: z.string(),
    id: z.string().min(1).nullish(),
    collection_name: z.string().min(1).nullish(),
    collection_names: z.array(z.string().min(1)).nullish(),
  })
  .refine((item) => item.type === 'collection', {
    message: 'only {type: "collection", id: DATASTORE_ID} is served: add the file to a datastore, then name the datastore',
    path: ['type'],
  })
  .refine((item) => item.id ?? item.collection_name ?? item.collection_names?.length, { message: 'a collection needs the id of a datastore', path: ['id'] });
export type ChatCollectionFile = z.infer<typeof chatCollectionFile>;

/** Datastores a chat request is grounded in (Hearth's extension, shared by the OpenAI and Ollama chat routes). */
export const chatFiles = z.array(chatCollectionFile).max(16, 'at most 16 datastores per request');

/** The datastore ids a request's `files` name, each once: an item's `id` when it has one (Open WebUI may send both names). */
export function collectionIds(files: readonly ChatCollectionFile[]): string[] {
  const ids = files.flatMap((item) => (item.id ? [item.id] : item.collection_name ? [item.collection_name] : (item.collection_names ?? [])));
  return [...new Set(ids)];
}

export const openAiChatRequest = z.object({
  ...sampling,
  messages: z.array(openAiMessage).min(1, 'messages must hold at least one message'),
  // The newer name of max_tokens; it wins when both are sent. 0 is refused, as for max_tokens.
  max_completion_tokens: z.number().int().min(1).nullish(),
  logprobs: z.boolean().nullish(),
  top_logprobs: z.number().int().min(0).nullish(),
  tools: z.array(openAiTool).nullish(),
  tool_choice: openAiToolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  response_format: openAiResponseFormat.nullish(),
  files: chatFiles.nullish(),
  // Hearth's extension, named after OpenAI's Responses API: "auto" leaves out the oldest turns that do not fit.
  truncation: z.enum(['auto', 'disabled']).nullish(),
});
export type OpenAiChatRequest = z.infer<typeof openAiChatRequest>;

export const openAiCompletionRequest = z.object({
  ...sampling,
  // Token-array prompts are refused: a client's tokenizer rarely matches the local model's.
  prompt: z.union([z.string(), z.array(z.string()).min(1, 'prompt must hold at least one string')]),
  suffix: z.string().nullish(),
  echo: z.boolean().nullish(),
  logprobs: z.number().int().min(0).nullish(),
  best_of: z.number().int().min(1).nullish(),
  response_format: openAiResponseFormat.nullish(),
});
export type OpenAiCompletionRequest = z.infer<typeof openAiCompletionRequest>;

export const openAiEmbeddingRequest = z.object({
  model: z.string().min(1),
  // Token arrays are refused for the same reason as in completions.
  input: z.union([z.string(), z.array(z.string()).min(1, 'input must hold at least one string')]),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().min(1).nullish(),
  user: z.string().nullish(),
});
export type OpenAiEmbeddingRequest = z.infer<typeof openAiEmbeddingRequest>;

// ---- Responses. Plain types: we build them, nobody parses them; openai.typetest.ts pins them to the official client's.

export interface OpenAiUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  prompt_tokens_details: { cached_tokens: number };
}

export interface OpenAiToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
}

/**
 * A passage a chat with datastores put into the prompt, on the response beside `choices` (Hearth's
 * extension): which datastore, document and chunk it is, where it sits, and how it ranked.
 */
export interface ChatSource {
  /** Its number in the prompt, as the model cites it: [1], [2]… */
  citation: number;
  datastore_id: string;
  datastore_name: string;
  document_id: string;
  document_title: string;
  /** The uploaded file's name, or `text` for raw text. */
  source_name: string;
  chunk_id: string;
  text: string;
  /** The chunk's index in its document, its character offsets in the extracted text, and its PDF page. */
  position: { index: number; start: number; end: number; page: number | null };
  /** Its hybrid (reciprocal-rank) score; sources of several datastores are ranked on it together. */
  score: number;
}

export interface OpenAiChatCompletion {
  id: string;
  object: 'chat.completion';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    message: { role: 'assistant'; content: string | null; refusal: null; tool_calls?: OpenAiToolCall[] };
    logprobs: null;
    finish_reason: 'stop' | 'length' | 'tool_calls';
  }>;
  usage: OpenAiUsage;
  /** With `files`: the passages the answer was grounded in (empty when none was found or fit). */
  sources?: ChatSource[];
  /** With `truncation: "auto"`: how many of the oldest messages were left out to fit the context. */
  hearth?: HearthChatExtras;
}

export interface HearthChatExtras {
  omitted_messages: number;
}

export interface OpenAiToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function?: { name?: string; arguments?: string };
}

export interface OpenAiChatCompletionChunk {
  id: string;
  object: 'chat.completion.chunk';
  created: number;
  model: string;
  choices: Array<{
    index: number;
    delta: { role?: 'assistant'; content?: string; tool_calls?: OpenAiToolCallDelta[] };
    logprobs: null;
    finish_reason: 'stop' | 'length' | 'tool_calls' | null;
  }>;
  /** Present (null until the last chunk) only when the client asked for stream_options.include_usage. */
  usage?: OpenAiUsage | null;
  /** With `files`, on the last chunk only (its `choices` empty): the passages the answer was grounded in. */
  sources?: ChatSource[];
  /** With `truncation: "auto"`, on the chunk that carries finish_reason. */
  hearth?: HearthChatExtras;
}

export interface OpenAiCompletion {
  id: string;
  object: 'text_completion';
  created: number;
  model: string;
  choices: Array<{ index: number; text: string; logprobs: null; finish_reason: 'stop' | 'length' }>;
  usage: OpenAiUsage;
}

/** A streamed completion event; openai-node types these as Completion although finish_reason is null until the end. */
export interface OpenAiCompletionChunk extends Omit<OpenAiCompletion, 'choices' | 'usage'> {
  choices: Array<{ index: number; text: string; logprobs: null; finish_reason: 'stop' | 'length' | null }>;
  /** As in chat chunks: null until the last event, present only with stream_options.include_usage. */
  usage?: OpenAiUsage | null;
}

export interface OpenAiEmbedding<E extends number[] | string = number[]> {
  object: 'embedding';
  index: number;
  /** Floats, or with encoding_format 'base64' the little-endian float32 bytes in base64. */
  embedding: E;
}

export interface OpenAiEmbeddingResponse<E extends number[] | string = number[]> {
  object: 'list';
  data: Array<OpenAiEmbedding<E>>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/**
 * Hearth's addition to each model object: what the engine knows about it, loaded or not. The
 * file path is left out: API clients may be other users of the machine.
 */
export type OpenAiModelExtension = Omit<ModelInfo, 'id' | 'file'>;

export interface OpenAiModel {
  id: string;
  object: 'model';
  /** The file's modification time, seconds since the epoch. */
  created: number;
  owned_by: string;
  hearth: OpenAiModelExtension;
}

export interface OpenAiModelList {
  object: 'list';
  data: OpenAiModel[];
}
