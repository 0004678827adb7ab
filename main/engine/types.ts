/**
 * The one internal request model every API family translates to. Routes never
 * touch node-llama-cpp: they build these requests and read these results.
 */

export type Role = 'system' | 'user' | 'assistant' | 'tool';

export interface ToolCall {
  id: string;
  name: string;
  /** JSON text of the arguments, as OpenAI sends it. */
  arguments: string;
}

export interface ChatMessage {
  role: Role;
  content: string;
  /** Calls the assistant made (role 'assistant'). */
  toolCalls?: ToolCall[];
  /** The call this message answers (role 'tool'). */
  toolCallId?: string;
}

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON schema of the arguments object. */
  parameters?: Record<string, unknown>;
}

/** 'required' and a named tool force a call through a grammar; 'none' hides the tools. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; schema: Record<string, unknown> };

export interface SamplingOptions {
  temperature?: number;
  topP?: number;
  topK?: number;
  minP?: number;
  /** Multiplicative penalty on recent tokens (llama.cpp's repeat_penalty); 1 disables. */
  repeatPenalty?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  seed?: number;
  /** Tokens to generate at most; default fills the rest of the context. */
  maxTokens?: number;
  /** Strings that end generation; they are not part of the output. */
  stop?: string[];
}

export interface GenerationCallbacks {
  /** Aborting stops generation at once and frees the slot. */
  signal?: AbortSignal;
  /** Called with each piece of visible text as it is generated. */
  onTextChunk?: (text: string) => void;
  /** Called with each piece of the model's thoughts, where its chat template separates them (chat only). */
  onThoughtChunk?: (text: string) => void;
  /** Called once the prompt has its slot, before the first token: its exact size and the part reused from the slot's cache (chat only). */
  onPrompt?: (usage: Omit<Usage, 'completionTokens'>) => void;
}

export interface KeepAliveOption {
  /** Seconds the model stays loaded after this request; 0 unloads when done, negative keeps it loaded. */
  keepAliveSeconds?: number;
}

export interface ChatRequest extends SamplingOptions, GenerationCallbacks, KeepAliveOption {
  model: string;
  messages: ChatMessage[];
  tools?: ToolDefinition[];
  toolChoice?: ToolChoice;
  /** How many calls the model may make in one turn when tools are offered. */
  maxParallelToolCalls?: number;
  responseFormat?: ResponseFormat;
  /**
   * "auto" leaves out the oldest non-system messages until the prompt and maxTokens fit the context;
   * "disabled" (the default) refuses a prompt that does not fit (OpenAI's Responses API names it so).
   */
  truncation?: 'auto' | 'disabled';
}

export interface CompletionRequest extends SamplingOptions, GenerationCallbacks, KeepAliveOption {
  model: string;
  prompt: string;
  /** Text after the insertion point; needs a model with infill tokens. */
  suffix?: string;
  responseFormat?: ResponseFormat;
}

export interface EmbedRequest extends KeepAliveOption {
  model: string;
  inputs: string[];
  /** Cut inputs longer than the context instead of refusing them. */
  truncate?: boolean;
  signal?: AbortSignal;
}

export type FinishReason = 'stop' | 'length' | 'tool_calls';

export interface Usage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens reused from the slot's KV cache rather than evaluated. */
  cachedPromptTokens: number;
}

/** Milliseconds spent in each phase, for Ollama's durations and the statistics. */
export interface Timings {
  loadMs: number;
  promptMs: number;
  generateMs: number;
  totalMs: number;
}

export interface GenerationResult {
  /** The resolved model id (aliases resolved). */
  model: string;
  text: string;
  toolCalls: ToolCall[];
  /** The model's thoughts before its answer, where its chat template separates them (node-llama-cpp's thought segments). */
  thoughts?: string;
  /** The stop string that ended generation, when one of the request's `stop` strings did. */
  stopSequence?: string;
  finishReason: FinishReason;
  /** Chat with truncation "auto": how many of the oldest messages were left out to fit the context. */
  omittedMessages?: number;
  usage: Usage;
  timings: Timings;
}

export interface EmbedResult {
  model: string;
  vectors: number[][];
  promptTokens: number;
  timings: Timings;
}

export interface TokenizeResult {
  model: string;
  tokens: number[];
}
