/**
 * OpenAI's Responses API on the wire (`/v1/responses`, `/v1/conversations`), as the openai SDK, the Agents
 * SDK and the Codex CLI speak it. Unknown keys are stripped (include, reasoning, prompt_cache_key…), as the
 * chat schemas do; unknown item and tool types are refused. Types of what we send are plain interfaces,
 * pinned to the official client's by responses.typetest.ts.
 */
import { z } from 'zod';
import { jsonSchemaObject } from './jsonSchema.js';
import { textOrList, typedUnion } from './textOrList.js';

const inputText = z.object({ type: z.literal('input_text'), text: z.string() });
const outputText = z.object({ type: z.literal('output_text'), text: z.string() });
const refusal = z.object({ type: z.literal('refusal'), refusal: z.string() });
/** Parts the local models can't read; accepted by the schema so the route can say why with a 400. */
const unreadablePart = z.object({ type: z.enum(['input_image', 'input_file', 'input_audio']) });

export const responsesContentPart = typedUnion([inputText, outputText, refusal, unreadablePart], 'content part');
export type ResponsesContentPart = z.infer<typeof responsesContentPart>;

const status = z.enum(['in_progress', 'completed', 'incomplete']).nullish();

const messageItem = z.object({
  type: z.literal('message'),
  id: z.string().nullish(),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: textOrList(responsesContentPart, 'content parts'),
  status,
});

const functionCallItem = z.object({
  type: z.literal('function_call'),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  status,
});

const functionCallOutputItem = z.object({
  type: z.literal('function_call_output'),
  id: z.string().nullish(),
  call_id: z.string().min(1),
  output: textOrList(responsesContentPart, 'content parts'),
  status,
});

/** Earlier reasoning sent back, as the Agents SDK and Codex do; kept in the record, left out of the prompt as the local templates leave it out. */
const reasoningItem = z.object({
  type: z.literal('reasoning'),
  id: z.string().nullish(),
  summary: z.array(z.object({ type: z.literal('summary_text'), text: z.string() })).default([]),
  content: z.array(z.object({ type: z.literal('reasoning_text'), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
  status,
});

/** A file search an earlier response ran, sent back as the Agents SDK sends its output; kept in the record, left out of the prompt. */
const fileSearchCallItem = z.object({
  type: z.literal('file_search_call'),
  id: z.string().min(1),
  queries: z.array(z.string()).default([]),
  status: z.string().nullish(),
  results: z
    .array(
      z.object({
        file_id: z.string().nullish(),
        filename: z.string().nullish(),
        score: z.number().nullish(),
        text: z.string().nullish(),
        attributes: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).nullish(),
      }),
    )
    .nullish(),
});

/** An item stored earlier (a stored response's input or output, a conversation's item) by its id, for the same key. */
const itemReference = z.object({ type: z.literal('item_reference'), id: z.string().min(1) });

/** The type an input item leaves out: a message when it has a role (EasyInputMessage), else a reference when it has an id (ItemReferenceParam). */
function withImpliedType(item: unknown): unknown {
  if (item === null || typeof item !== 'object' || 'type' in item) return item;
  if ('role' in item) return { ...item, type: 'message' };
  return 'id' in item ? { ...item, type: 'item_reference' } : item;
}

export const responsesInputItem = z.preprocess(withImpliedType, typedUnion([messageItem, functionCallItem, functionCallOutputItem, reasoningItem, fileSearchCallItem, itemReference], 'input item'));
export type ResponsesInputItem = z.infer<typeof responsesInputItem>;

export const responsesFunctionTool = z.object({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: jsonSchemaObject.nullish(),
  strict: z.boolean().nullish(),
});
export type ResponsesFunctionTool = z.infer<typeof responsesFunctionTool>;

/**
 * OpenAI's file search, over Hearth's datastores: `vector_store_ids` name datastores, whose passages ground
 * the answer as the chat request's `files` do. `filters` and `ranking_options` are stripped (hybrid search).
 */
export const responsesFileSearchTool = z.object({
  type: z.literal('file_search'),
  vector_store_ids: z.array(z.string().min(1)).min(1).max(16),
  max_num_results: z.number().int().min(1).max(50).nullish(),
});
export type ResponsesFileSearchTool = z.infer<typeof responsesFileSearchTool>;

/** Hosted tools (web_search, file_search, code_interpreter, mcp…) run on OpenAI's side; the route refuses them by name. */
const hostedTool = z.object({ type: z.string() });

/** A tool_choice naming a hosted tool or a tool list (`allowed_tools`, `mcp`, `custom`…): parsed so the route can refuse it by name. */
const otherToolChoice = z.object({ type: z.string().refine((type) => type !== 'function', 'a function tool_choice needs a name') });

export const responsesToolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.object({ type: z.literal('function'), name: z.string().min(1) }),
  otherToolChoice,
]);
export type ResponsesToolChoice = z.infer<typeof responsesToolChoice>;

export const responsesTextFormat = typedUnion(
  [
    z.object({ type: z.literal('text') }),
    z.object({ type: z.literal('json_object') }),
    z.object({ type: z.literal('json_schema'), name: z.string().min(1), schema: jsonSchemaObject, description: z.string().nullish(), strict: z.boolean().nullish() }),
  ],
  'text format',
);
export type ResponsesTextFormat = z.infer<typeof responsesTextFormat>;

/** OpenAI's metadata: up to 16 string pairs, keys up to 64 characters, values up to 512. */
export const responsesMetadata = z
  .record(z.string().max(64), z.string().max(512))
  .refine((metadata) => Object.keys(metadata).length <= 16, { message: 'metadata holds at most 16 keys' });

export const responsesCreateRequest = z.object({
  model: z.string().min(1),
  input: textOrList(responsesInputItem, 'input items').default([]),
  instructions: z.string().nullish(),
  tools: z.array(z.union([responsesFunctionTool, responsesFileSearchTool, hostedTool])).nullish(),
  tool_choice: responsesToolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  text: z.object({ format: responsesTextFormat.nullish() }).nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_output_tokens: z.number().int().min(1).nullish(),
  /** Kept for retrieval and for `previous_response_id` unless false; OpenAI's default is true. */
  store: z.boolean().nullish(),
  previous_response_id: z.string().min(1).nullish(),
  conversation: z.union([z.string().min(1), z.object({ id: z.string().min(1) })]).nullish(),
  metadata: responsesMetadata.nullish(),
  stream: z.boolean().nullish(),
  user: z.string().nullish(),
});
export type ResponsesCreateRequest = z.infer<typeof responsesCreateRequest>;

export const conversationCreateRequest = z.object({
  items: z.array(responsesInputItem).max(20, 'a conversation starts with at most 20 items').nullish(),
  metadata: responsesMetadata.nullish(),
});

export const conversationUpdateRequest = z.object({ metadata: responsesMetadata.nullable() });

export const conversationItemsCreateRequest = z.object({
  items: z.array(responsesInputItem).min(1, 'items must hold at least one item').max(20, 'at most 20 items at once'),
});

/** `?after=&limit=&order=` of the item lists; newest first unless `order=asc`, as OpenAI lists them. */
export const itemListQuery = z.object({
  after: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type ItemListQuery = z.infer<typeof itemListQuery>;

// ---- What we send.

export interface ResponsesOutputText {
  type: 'output_text';
  text: string;
  annotations: [];
}

export interface ResponsesInputText {
  type: 'input_text';
  text: string;
}

export interface ResponsesOutputMessage {
  type: 'message';
  id: string;
  role: 'assistant';
  status: 'in_progress' | 'completed' | 'incomplete';
  content: Array<ResponsesOutputText | { type: 'refusal'; refusal: string }>;
}

export interface ResponsesInputMessage {
  type: 'message';
  id: string;
  role: 'user' | 'system' | 'developer';
  status: 'completed';
  content: Array<ResponsesInputText>;
}

export interface ResponsesFunctionCall {
  type: 'function_call';
  id: string;
  call_id: string;
  name: string;
  arguments: string;
  status: 'in_progress' | 'completed' | 'incomplete';
}

export interface ResponsesFunctionCallOutput {
  type: 'function_call_output';
  id: string;
  call_id: string;
  output: string;
  status: 'completed';
}

export interface ResponsesReasoning {
  type: 'reasoning';
  id: string;
  summary: Array<{ type: 'summary_text'; text: string }>;
  /** The model's own thoughts, where its chat template separates them. */
  content: Array<{ type: 'reasoning_text'; text: string }>;
  status: 'in_progress' | 'completed' | 'incomplete';
}

/** A passage a file search found: `file_id` and `filename` are the datastore document's. */
export interface ResponsesFileSearchResult {
  file_id: string;
  filename: string;
  score: number;
  text: string;
  attributes: Record<string, string | number | boolean>;
}

/** The search a file_search tool ran over Hearth's datastores before the answer, with the passages given to the model. */
export interface ResponsesFileSearchCall {
  type: 'file_search_call';
  id: string;
  queries: string[];
  status: 'in_progress' | 'searching' | 'completed';
  results: ResponsesFileSearchResult[] | null;
}

/** What a response outputs. */
export type ResponsesOutputItem = ResponsesOutputMessage | ResponsesFunctionCall | ResponsesReasoning | ResponsesFileSearchCall;

/** An item as stored and listed (a response's input items, a conversation's items), always with its id. */
export type ResponsesItem = ResponsesInputMessage | ResponsesOutputMessage | ResponsesFunctionCall | ResponsesFunctionCallOutput | ResponsesReasoning | ResponsesFileSearchCall;

export interface ResponsesUsage {
  input_tokens: number;
  /** cached_tokens: the prompt's prefix reused from the slot's KV cache (a continued conversation shows it). */
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number };
  output_tokens: number;
  output_tokens_details: { reasoning_tokens: number };
  total_tokens: number;
}

export interface ResponsesResponse {
  id: string;
  object: 'response';
  created_at: number;
  completed_at: number | null;
  status: 'in_progress' | 'completed' | 'incomplete' | 'failed';
  error: null;
  incomplete_details: { reason: 'max_output_tokens' } | null;
  instructions: string | null;
  max_output_tokens: number | null;
  model: string;
  output: ResponsesOutputItem[];
  /** The text of the output messages put together, as the openai SDK builds it. */
  output_text: string;
  parallel_tool_calls: boolean;
  previous_response_id: string | null;
  conversation: { id: string } | null;
  store: boolean;
  temperature: number | null;
  top_p: number | null;
  text: { format: { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; name: string; schema: Record<string, unknown>; strict: boolean | null; description?: string } };
  tool_choice: ResponsesToolChoiceEcho;
  tools: Array<
    | { type: 'function'; name: string; description: string | null; parameters: Record<string, unknown> | null; strict: boolean | null }
    | { type: 'file_search'; vector_store_ids: string[]; max_num_results?: number }
  >;
  truncation: 'disabled';
  /** Once the response is done. */
  usage?: ResponsesUsage;
  metadata: Record<string, string>;
  background: false;
  /** OpenAI's account programs, which a local server has none of. */
  access_programs: null;
}

/** POST /responses/input_tokens: the prompt a response with the same body would evaluate. */
export interface ResponsesInputTokens {
  object: 'response.input_tokens';
  input_tokens: number;
}

/** The tool_choice a response echoes: the forms Hearth runs. */
export type ResponsesToolChoiceEcho = 'none' | 'auto' | 'required' | { type: 'function'; name: string };

export interface ResponsesDeleted {
  id: string;
  object: 'response';
  deleted: true;
}

export interface Conversation {
  id: string;
  object: 'conversation';
  created_at: number;
  metadata: Record<string, string>;
}

export interface ConversationDeleted {
  id: string;
  object: 'conversation.deleted';
  deleted: true;
}

export interface ItemList<Item> {
  object: 'list';
  data: Item[];
  /** Null when the list is empty. */
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

type WithoutSequence<Event> = Event extends unknown ? Omit<Event, 'sequence_number'> : never;

/** The Responses stream's events before their sequence numbers, which the writer adds in sending order. */
export type ResponsesStreamEvent = WithoutSequence<
  | { type: 'response.created' | 'response.in_progress' | 'response.completed' | 'response.incomplete'; response: ResponsesResponse; sequence_number: number }
  | { type: 'response.output_item.added' | 'response.output_item.done'; output_index: number; item: ResponsesOutputItem; sequence_number: number }
  | {
      type: 'response.content_part.added' | 'response.content_part.done';
      item_id: string;
      output_index: number;
      content_index: number;
      part: ResponsesOutputText | { type: 'reasoning_text'; text: string };
      sequence_number: number;
    }
  | { type: 'response.output_text.delta'; item_id: string; output_index: number; content_index: number; delta: string; logprobs: []; sequence_number: number }
  | { type: 'response.output_text.done'; item_id: string; output_index: number; content_index: number; text: string; logprobs: []; sequence_number: number }
  | { type: 'response.reasoning_text.delta'; item_id: string; output_index: number; content_index: number; delta: string; sequence_number: number }
  | { type: 'response.reasoning_text.done'; item_id: string; output_index: number; content_index: number; text: string; sequence_number: number }
  | {
      type: 'response.file_search_call.in_progress' | 'response.file_search_call.searching' | 'response.file_search_call.completed';
      item_id: string;
      output_index: number;
      sequence_number: number;
    }
  | { type: 'response.function_call_arguments.delta'; item_id: string; output_index: number; delta: string; sequence_number: number }
  | { type: 'response.function_call_arguments.done'; item_id: string; output_index: number; arguments: string; sequence_number: number }
>;
