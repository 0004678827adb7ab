import { AbortedError, HearthError } from '../../common/errors.js';
import type { ChatMessage, ChatRequest, CompletionRequest, EmbedRequest, EmbedResult, FinishReason, GenerationResult, ResponseFormat, SamplingOptions, ToolCall } from '../engine/types.js';
import { readNdjson } from './readStream.js';
import { unreachable, UpstreamUnreachableError } from './upstreamErrors.js';
import { upstreamFetch, upstreamUrl, type UpstreamCall } from './upstreamFetch.js';

/** Ollama's `options` for the engine's sampling options, only those set. */
function toOllamaOptions(request: SamplingOptions): Record<string, unknown> {
  const options: Record<string, unknown> = {
    temperature: request.temperature,
    top_p: request.topP,
    top_k: request.topK,
    min_p: request.minP,
    repeat_penalty: request.repeatPenalty,
    presence_penalty: request.presencePenalty,
    frequency_penalty: request.frequencyPenalty,
    seed: request.seed,
    num_predict: request.maxTokens,
    stop: request.stop?.length ? request.stop : undefined,
  };
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

function toOllamaFormat(format: ResponseFormat | undefined): unknown {
  if (!format || format.type === 'text') return undefined;
  return format.type === 'json_object' ? 'json' : format.schema;
}

/** Ollama's messages carry tool arguments as objects and answer a call by the tool's name. */
function toOllamaMessages(messages: ChatMessage[]): Record<string, unknown>[] {
  const nameOfCall = new Map(messages.flatMap((m) => m.toolCalls ?? []).map((c) => [c.id, c.name]));
  return messages.map((m) => ({
    role: m.role,
    content: m.content,
    ...(m.toolCalls?.length && { tool_calls: m.toolCalls.map((c) => ({ function: { name: c.name, arguments: parseArguments(c.arguments) } })) }),
    ...(m.toolCallId && nameOfCall.has(m.toolCallId) && { tool_name: nameOfCall.get(m.toolCallId) }),
  }));
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

interface OllamaChunk {
  message?: { content?: string; thinking?: string; tool_calls?: { function?: { name?: string; arguments?: unknown } }[] };
  response?: string;
  done?: boolean;
  done_reason?: string;
  prompt_eval_count?: number;
  eval_count?: number;
  load_duration?: number;
  prompt_eval_duration?: number;
  eval_duration?: number;
  total_duration?: number;
  error?: string;
}

async function* chunks(call: UpstreamCall, body: ReadableStream<Uint8Array>): AsyncGenerator<OllamaChunk> {
  try {
    for await (const line of readNdjson(body)) {
      const chunk = line as OllamaChunk;
      if (chunk.error) throw new UpstreamUnreachableError(call.binding.id, `The binding '${call.binding.name}' failed mid-answer: ${chunk.error}`, { code: 'upstream_error' });
      yield chunk;
    }
  } catch (error) {
    if (call.signal?.aborted) throw new AbortedError();
    if (error instanceof HearthError) throw error;
    throw unreachable(call.binding, error);
  }
}

const ms = (ns: number | undefined) => (ns ?? 0) / 1e6;

function finishOf(last: OllamaChunk, toolCalls: ToolCall[]): FinishReason {
  if (toolCalls.length > 0) return 'tool_calls';
  return last.done_reason === 'length' ? 'length' : 'stop';
}

function resultOf(request: { model: string }, text: string, thoughts: string, toolCalls: ToolCall[], last: OllamaChunk, started: number): GenerationResult {
  return {
    model: request.model,
    text,
    toolCalls,
    ...(thoughts && { thoughts }),
    finishReason: finishOf(last, toolCalls),
    usage: { promptTokens: last.prompt_eval_count ?? 0, completionTokens: last.eval_count ?? 0, cachedPromptTokens: 0 },
    timings: { loadMs: ms(last.load_duration), promptMs: ms(last.prompt_eval_duration), generateMs: ms(last.eval_duration), totalMs: performance.now() - started },
  };
}

/** Chat through Ollama's native /api/chat, streamed as NDJSON. */
export async function ollamaChat(call: UpstreamCall, upstreamModel: string, request: ChatRequest): Promise<GenerationResult> {
  const started = performance.now();
  const tools = request.toolChoice === 'none' ? undefined : request.tools?.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters ?? { type: 'object' } } }));
  const response = await upstreamFetch(call, upstreamUrl(call.binding, '/api/chat'), {
    json: {
      model: upstreamModel,
      messages: toOllamaMessages(request.messages),
      ...(tools?.length && { tools }),
      format: toOllamaFormat(request.responseFormat),
      options: toOllamaOptions(request),
      stream: true,
    },
  });
  let text = '';
  let thoughts = '';
  const toolCalls: ToolCall[] = [];
  let last: OllamaChunk = {};
  for await (const chunk of chunks(call, response.body!)) {
    last = chunk;
    const message = chunk.message ?? {};
    if (message.thinking) {
      thoughts += message.thinking;
      request.onThoughtChunk?.(message.thinking);
    }
    if (message.content) {
      text += message.content;
      request.onTextChunk?.(message.content);
    }
    for (const c of message.tool_calls ?? []) {
      toolCalls.push({ id: `call_${toolCalls.length}`, name: c.function?.name ?? '', arguments: JSON.stringify(c.function?.arguments ?? {}) });
    }
  }
  return resultOf(request, text, thoughts, toolCalls, last, started);
}

/** Raw completion through /api/generate with `raw: true`: the prompt goes to the model as it is, as the engine's complete() does. */
export async function ollamaComplete(call: UpstreamCall, upstreamModel: string, request: CompletionRequest): Promise<GenerationResult> {
  const started = performance.now();
  const response = await upstreamFetch(call, upstreamUrl(call.binding, '/api/generate'), {
    json: {
      model: upstreamModel,
      prompt: request.prompt,
      ...(request.suffix !== undefined && { suffix: request.suffix }),
      raw: request.suffix === undefined,
      format: toOllamaFormat(request.responseFormat),
      options: toOllamaOptions(request),
      stream: true,
    },
  });
  let text = '';
  let last: OllamaChunk = {};
  for await (const chunk of chunks(call, response.body!)) {
    last = chunk;
    if (chunk.response) {
      text += chunk.response;
      request.onTextChunk?.(chunk.response);
    }
  }
  return resultOf(request, text, '', [], last, started);
}

export async function ollamaEmbed(call: UpstreamCall, upstreamModel: string, request: EmbedRequest): Promise<EmbedResult> {
  const started = performance.now();
  const response = await upstreamFetch(call, upstreamUrl(call.binding, '/api/embed'), { json: { model: upstreamModel, input: request.inputs, ...(request.truncate !== undefined && { truncate: request.truncate }) } });
  const body = (await response.json()) as { embeddings: number[][]; prompt_eval_count?: number };
  const totalMs = performance.now() - started;
  return { model: request.model, vectors: body.embeddings, promptTokens: body.prompt_eval_count ?? 0, timings: { loadMs: 0, promptMs: totalMs, generateMs: 0, totalMs } };
}

export async function ollamaListModels(call: UpstreamCall): Promise<string[]> {
  const response = await upstreamFetch(call, upstreamUrl(call.binding, '/api/tags'), {});
  const body = (await response.json()) as { models?: { name: string }[] };
  return (body.models ?? []).map((m) => m.name);
}
