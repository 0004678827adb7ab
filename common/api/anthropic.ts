/**
 * Anthropic's Messages API on the wire (`POST /v1/messages`, `/v1/messages/count_tokens`), as Claude Code
 * and the Anthropic SDK speak it. Unknown keys are stripped (cache_control, citations, container…), as the
 * OpenAI schemas do; unknown block types are refused. Types of what we send are plain interfaces,
 * pinned to the official SDK's by anthropic.typetest.ts.
 */
import { z } from 'zod';
import { jsonSchemaObject } from './jsonSchema.js';
import { textOrList, typedUnion } from './textOrList.js';

const textBlock = z.object({ type: z.literal('text'), text: z.string() });
/** Blocks the local models can't read; accepted by the schema so the route can say why with a 400. */
const unreadableBlock = z.object({ type: z.enum(['image', 'document', 'search_result']) });
const toolUseBlock = z.object({ type: z.literal('tool_use'), id: z.string().min(1), name: z.string().min(1), input: z.unknown() });
const toolResultBlock = z.object({
  type: z.literal('tool_result'),
  tool_use_id: z.string().min(1),
  content: textOrList(typedUnion([textBlock, unreadableBlock], 'content block'), 'content blocks').nullish(),
  is_error: z.boolean().nullish(),
});
/** Earlier thoughts sent back, as Claude Code does; the local templates drop them, so they are read and left out. */
const thinkingBlock = z.object({ type: z.literal('thinking'), thinking: z.string(), signature: z.string().nullish() });
const redactedThinkingBlock = z.object({ type: z.literal('redacted_thinking'), data: z.string() });

export const anthropicContentBlock = typedUnion([textBlock, unreadableBlock, toolUseBlock, toolResultBlock, thinkingBlock, redactedThinkingBlock], 'content block');
export type AnthropicContentBlock = z.infer<typeof anthropicContentBlock>;

export const anthropicMessage = z.object({
  // 'system' in the list too, as the SDK now types messages; `system` on the request is the usual place.
  role: z.enum(['user', 'assistant', 'system']),
  content: textOrList(anthropicContentBlock, 'content blocks'),
});
export type AnthropicMessage = z.infer<typeof anthropicMessage>;

/** A client tool; Anthropic's server tools (web search, code execution…) carry another `type` and are refused. */
export const anthropicTool = z.object({
  type: z.literal('custom').nullish(),
  name: z.string().min(1),
  description: z.string().nullish(),
  input_schema: jsonSchemaObject,
});

export const anthropicToolChoice = z.discriminatedUnion('type', [
  z.object({ type: z.literal('auto'), disable_parallel_tool_use: z.boolean().nullish() }),
  z.object({ type: z.literal('any'), disable_parallel_tool_use: z.boolean().nullish() }),
  z.object({ type: z.literal('tool'), name: z.string().min(1), disable_parallel_tool_use: z.boolean().nullish() }),
  z.object({ type: z.literal('none') }),
]);
export type AnthropicToolChoice = z.infer<typeof anthropicToolChoice>;

/** What a request and a token count share. */
const prompt = {
  model: z.string().min(1),
  messages: z.array(anthropicMessage).min(1, 'messages must hold at least one message'),
  system: z.union([z.string(), z.array(textBlock)]).nullish(),
  tools: z.array(anthropicTool).nullish(),
  tool_choice: anthropicToolChoice.nullish(),
  /** Extended thinking is the model's own: a model whose template separates thoughts returns them as thinking blocks. */
  thinking: z.object({ type: z.string() }).nullish(),
  /** Structured output: `format: {type: "json_schema", schema}` constrains the reply as OpenAI's json_schema does. */
  output_config: z.object({ format: z.object({ type: z.literal('json_schema'), schema: jsonSchemaObject }).nullish() }).nullish(),
};

export const anthropicMessagesRequest = z.object({
  ...prompt,
  // Required, as Anthropic requires it: a client that forgets it gets Anthropic's answer, not an unbounded reply.
  max_tokens: z.number().int().min(1),
  stop_sequences: z.array(z.string()).nullish(),
  // Anthropic's range is 0–1. Newer SDKs no longer send sampling fields; older clients and Claude Code may.
  temperature: z.number().min(0).max(1).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().min(0).nullish(),
  metadata: z.object({ user_id: z.string().nullish() }).nullish(),
  stream: z.boolean().nullish(),
});
export type AnthropicMessagesRequest = z.infer<typeof anthropicMessagesRequest>;

export const anthropicCountTokensRequest = z.object(prompt);
export type AnthropicCountTokensRequest = z.infer<typeof anthropicCountTokensRequest>;

// ---- What we send.

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';

export interface AnthropicUsage {
  /** Prompt tokens evaluated for this request; those reused from the slot's cache are counted apart, as Anthropic counts cache reads. */
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  cache_creation: null;
  inference_geo: null;
  output_tokens_details: null;
  server_tool_use: null;
  service_tier: null;
  speed: null;
}

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  citations: null;
}

export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  /** Anthropic signs its thoughts; a local model's have no signature. */
  signature: string;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: unknown;
  caller: { type: 'direct' };
}

export type AnthropicResponseBlock = AnthropicTextBlock | AnthropicThinkingBlock | AnthropicToolUseBlock;

export interface AnthropicMessageResponse {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicResponseBlock[];
  stop_reason: AnthropicStopReason | null;
  stop_sequence: string | null;
  stop_details: null;
  container: null;
  diagnostics: null;
  usage: AnthropicUsage;
}

export interface AnthropicMessageDeltaUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens: number;
  cache_creation_input_tokens: number;
  output_tokens_details: null;
  server_tool_use: null;
}

/** The events of a streamed message, in the order Anthropic sends them. */
export type AnthropicStreamEvent =
  | { type: 'message_start'; message: AnthropicMessageResponse }
  | { type: 'ping' }
  | { type: 'content_block_start'; index: number; content_block: AnthropicResponseBlock }
  | {
      type: 'content_block_delta';
      index: number;
      delta: { type: 'text_delta'; text: string } | { type: 'thinking_delta'; thinking: string } | { type: 'input_json_delta'; partial_json: string };
    }
  | { type: 'content_block_stop'; index: number }
  | {
      type: 'message_delta';
      delta: { stop_reason: AnthropicStopReason; stop_sequence: string | null; stop_details: null; container: null };
      usage: AnthropicMessageDeltaUsage;
    }
  | { type: 'message_stop' };

export interface AnthropicTokenCount {
  input_tokens: number;
}
