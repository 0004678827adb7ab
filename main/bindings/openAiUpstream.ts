import { AbortedError, HearthError } from '../../common/errors.js';
import type { ChatMessage, ChatRequest, CompletionRequest, EmbedRequest, EmbedResult, FinishReason, GenerationResult, ResponseFormat, SamplingOptions, ToolCall } from '../engine/types.js';
import { readSseJson } from './readStream.js';
import { unreachable, UpstreamUnreachableError } from './upstreamErrors.js';
import { upstreamFetch, upstreamUrl, type UpstreamCall } from './upstreamFetch.js';

/** OpenAI's wire names for the engine's sampling options; llama.cpp's extras only when set (vLLM and llama.cpp's server take them). */
export function toOpenAiSampling(request: SamplingOptions): Record<string, unknown> {
  const body: Record<string, unknown> = {
    temperature: request.temperature,
    top_p: request.topP,
    presence_penalty: request.presencePenalty,
    frequency_penalty: request.frequencyPenalty,
    seed: request.seed,
    max_tokens: request.maxTokens,
    stop: request.stop?.length ? request.stop : undefined,
    top_k: request.topK,
    min_p: request.minP,
    repeat_penalty: request.repeatPenalty,
  };
  return Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
}

function toOpenAiMessage(message: ChatMessage): Record<string, unknown> {
  return {
    role: message.role,
    content: message.content,
    ...(message.toolCalls?.length && { tool_calls: message.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.arguments } })) }),
    ...(message.toolCallId && { tool_call_id: message.toolCallId }),
  };
}

function toOpenAiResponseFormat(format: ResponseFormat | undefined): unknown {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  return { type: 'json_schema', json_schema: { name: 'response', schema: format.schema } };
}

function toFinishReason(reason: unknown, toolCalls: ToolCall[]): FinishReason {
  if (toolCalls.length > 0 || reason === 'tool_calls') return 'tool_calls';
  return reason === 'length' ? 'length' : 'stop';
}

interface StreamUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number } | null;
}

/** Reads a stream's events, turning a broken connection into a 502 and a client leaving into an abort. */
async function* events(call: UpstreamCall, body: ReadableStream<Uint8Array>): AsyncGenerator<Record<string, unknown>> {
  try {
    for await (const event of readSseJson(body)) {
      const record = event as Record<string, unknown>;
      const error = record.error as { message?: string; code?: string } | undefined;
      if (error) throw new UpstreamUnreachableError(call.binding.id, `The binding '${call.binding.name}' failed mid-answer: ${error.message ?? JSON.stringify(error)}`, { code: 'upstream_error' });
      yield record;
    }
  } catch (error) {
    if (call.signal?.aborted) throw new AbortedError();
    if (error instanceof HearthError) throw error;
    throw unreachable(call.binding, error);
  }
}

function timingsSince(started: number, firstToken: number | null): GenerationResult['timings'] {
  const now = performance.now();
  const promptMs = (firstToken ?? now) - started;
  return { loadMs: 0, promptMs, generateMs: now - (firstToken ?? now), totalMs: now - started };
}

/** Chat through an OpenAI-compatible upstream's /chat/completions, always streamed so tokens flow as they come. */
export async function openAiChat(call: UpstreamCall, upstreamModel: string, request: ChatRequest): Promise<GenerationResult> {
  const started = performance.now();
  const tools = request.tools?.length ? request.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.parameters ?? { type: 'object' } } })) : undefined;
  const toolChoice = typeof request.toolChoice === 'object' ? { type: 'function', function: { name: request.toolChoice.name } } : request.toolChoice;
  const response = await upstreamFetch(call, upstreamUrl(call.binding, '/chat/completions'), {
    json: {
      model: upstreamModel,
      messages: request.messages.map(toOpenAiMessage),
      ...toOpenAiSampling(request),
      ...(tools && { tools, tool_choice: toolChoice }),
      ...(tools && request.maxParallelToolCalls !== undefined && { parallel_tool_calls: request.maxParallelToolCalls > 1 }),
      response_format: toOpenAiResponseFormat(request.responseFormat),
      stream: true,
      stream_options: { include_usage: true },
    },
  });
  let text = '';
  let thoughts = '';
  let finish: unknown = null;
  let usage: StreamUsage = {};
  let firstToken: number | null = null;
  const calls = new Map<number, ToolCall>();
  for await (const event of events(call, response.body!)) {
    if (event.usage) usage = event.usage as StreamUsage;
    const choice = (event.choices as { delta?: Record<string, unknown>; finish_reason?: unknown }[] | undefined)?.[0];
    if (!choice) continue;
    const delta = choice.delta ?? {};
    firstToken ??= performance.now();
    const thought = (delta.reasoning_content ?? delta.reasoning) as string | undefined;
    if (thought) {
      thoughts += thought;
      request.onThoughtChunk?.(thought);
    }
    if (typeof delta.content === 'string' && delta.content) {
      text += delta.content;
      request.onTextChunk?.(delta.content);
    }
    for (const part of (delta.tool_calls as { index?: number; id?: string; function?: { name?: string; arguments?: string } }[] | undefined) ?? []) {
      const index = part.index ?? 0;
      const known = calls.get(index) ?? { id: '', name: '', arguments: '' };
      calls.set(index, { id: part.id ?? known.id, name: known.name + (part.function?.name ?? ''), arguments: known.arguments + (part.function?.arguments ?? '') });
    }
    if (choice.finish_reason) finish = choice.finish_reason;
  }
  const toolCalls = [...calls.values()].map((c, i) => ({ ...c, id: c.id || `call_${i}` }));
  return {
    model: request.model,
    text,
    toolCalls,
    ...(thoughts && { thoughts }),
    finishReason: toFinishReason(finish, toolCalls),
    usage: { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens ?? 0, cachedPromptTokens: usage.prompt_tokens_details?.cached_tokens ?? 0 },
    timings: timingsSince(started, firstToken),
  };
}

/** Raw completion through the upstream's /completions. */
export async function openAiComplete(call: UpstreamCall, upstreamModel: string, request: CompletionRequest): Promise<GenerationResult> {
  const started = performance.now();
  const response = await upstreamFetch(call, upstreamUrl(call.binding, '/completions'), {
    json: {
      model: upstreamModel,
      prompt: request.prompt,
      ...(request.suffix !== undefined && { suffix: request.suffix }),
      ...toOpenAiSampling(request),
      response_format: toOpenAiResponseFormat(request.responseFormat),
      stream: true,
      stream_options: { include_usage: true },
    },
  });
  let text = '';
  let finish: unknown = null;
  let usage: StreamUsage = {};
  let firstToken: number | null = null;
  for await (const event of events(call, response.body!)) {
    if (event.usage) usage = event.usage as StreamUsage;
    const choice = (event.choices as { text?: string; finish_reason?: unknown }[] | undefined)?.[0];
    if (!choice) continue;
    firstToken ??= performance.now();
    if (choice.text) {
      text += choice.text;
      request.onTextChunk?.(choice.text);
    }
    if (choice.finish_reason) finish = choice.finish_reason;
  }
  return {
    model: request.model,
    text,
    toolCalls: [],
    finishReason: toFinishReason(finish, []),
    usage: { promptTokens: usage.prompt_tokens ?? 0, completionTokens: usage.completion_tokens ?? 0, cachedPromptTokens: 0 },
    timings: timingsSince(started, firstToken),
  };
}

export async function openAiEmbed(call: UpstreamCall, upstreamModel: string, request: EmbedRequest): Promise<EmbedResult> {
  const started = performance.now();
  const response = await upstreamFetch(call, upstreamUrl(call.binding, '/embeddings'), { json: { model: upstreamModel, input: request.inputs, encoding_format: 'float' } });
  const body = (await response.json()) as { data: { index: number; embedding: number[] }[]; usage?: { prompt_tokens?: number } };
  const vectors = [...body.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);
  const totalMs = performance.now() - started;
  return { model: request.model, vectors, promptTokens: body.usage?.prompt_tokens ?? 0, timings: { loadMs: 0, promptMs: totalMs, generateMs: 0, totalMs } };
}

/** The model names GET /models lists. */
export async function openAiListModels(call: UpstreamCall): Promise<string[]> {
  const response = await upstreamFetch(call, upstreamUrl(call.binding, '/models'), {});
  const body = (await response.json()) as { data?: { id: string }[] };
  return (body.data ?? []).map((m) => m.id);
}
