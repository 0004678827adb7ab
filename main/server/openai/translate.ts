/**
 * OpenAI wire format ⇄ the engine's request model. Every OpenAI endpoint is a thin dialect over
 * engine.chat/complete/embed; what the engine can't do honestly is refused here with a 400.
 */
import { randomUUID } from 'node:crypto';
import { InvalidRequestError } from '../../../common/errors.js';
import { fromOpenAiToolChoice, toOpenAiUsage } from '../openAiShapes.js';
import { fromWireSampling } from '../sampling.js';
import type {
  OpenAiChatCompletion,
  OpenAiChatCompletionChunk,
  OpenAiChatRequest,
  OpenAiCompletion,
  OpenAiCompletionRequest,
  OpenAiEmbeddingRequest,
  OpenAiEmbeddingResponse,
  OpenAiMessage,
  OpenAiResponseFormat,
  OpenAiToolCallDelta,
} from '../../../common/api/openai.js';
import type {
  ChatMessage,
  ChatRequest,
  CompletionRequest,
  EmbedResult,
  FinishReason,
  GenerationResult,
  ResponseFormat,
  SamplingOptions,
  ToolCall,
  Usage,
} from '../../engine/types.js';

/** What every chunk of one response shares: OpenAI stamps one id and one created value on all of them. */
export interface ResponseIdentity {
  id: string;
  created: number;
  model: string;
}

export function newResponseIdentity(prefix: 'chatcmpl' | 'cmpl', model: string): ResponseIdentity {
  return { id: `${prefix}-${randomUUID().replaceAll('-', '')}`, created: Math.floor(Date.now() / 1000), model };
}

type SamplingFields = Pick<
  OpenAiChatRequest,
  'temperature' | 'top_p' | 'top_k' | 'min_p' | 'repeat_penalty' | 'presence_penalty' | 'frequency_penalty' | 'seed' | 'max_tokens' | 'stop' | 'n'
>;

function fromOpenAiSampling(body: SamplingFields, maxTokens: number | null | undefined): SamplingOptions {
  // The engine has one sequence per request; silently returning one choice for n>1 would lie.
  if (body.n != null && body.n > 1) {
    throw new InvalidRequestError('n > 1 is not supported yet: send one request per completion.', { param: 'n', code: 'unsupported_value' });
  }
  return fromWireSampling(body, maxTokens);
}

function fromOpenAiResponseFormat(format: OpenAiResponseFormat | null | undefined): ResponseFormat | undefined {
  if (!format || format.type === 'text') return undefined;
  if (format.type === 'json_object') return { type: 'json_object' };
  // The schema's refine guarantees one of the two is present.
  return { type: 'json_schema', schema: (format.json_schema?.schema ?? format.schema)! };
}

function textOf(content: string | Array<{ type: 'text'; text: string } | { type: 'refusal'; refusal: string }>): string {
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : part.refusal)).join('\n');
}

function fromOpenAiMessage(message: OpenAiMessage, index: number): ChatMessage {
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', content: textOf(message.content) };
    case 'user': {
      if (typeof message.content === 'string') return { role: 'user', content: message.content };
      const texts: string[] = [];
      message.content.forEach((part, partIndex) => {
        if (part.type === 'text') texts.push(part.text);
        else if (part.type === 'refusal') texts.push(part.refusal);
        else {
          const what = part.type === 'image_url' ? 'images (it has no vision)' : part.type === 'input_audio' ? 'audio' : 'files';
          throw new InvalidRequestError(`The local model can't read ${what}; send text parts only.`, {
            param: `messages.${index}.content.${partIndex}`,
            code: 'unsupported_content',
          });
        }
      });
      return { role: 'user', content: texts.join('\n') };
    }
    case 'assistant': {
      const toolCalls: ToolCall[] = (message.tool_calls ?? []).map((call) => ({ id: call.id, name: call.function.name, arguments: call.function.arguments }));
      return { role: 'assistant', content: message.content == null ? '' : textOf(message.content), ...(toolCalls.length > 0 ? { toolCalls } : {}) };
    }
    case 'tool':
      return { role: 'tool', content: textOf(message.content), toolCallId: message.tool_call_id };
  }
}

/** The engine request for a chat completion, minus signal and callbacks. */
export function fromOpenAiChatRequest(body: OpenAiChatRequest): ChatRequest {
  if (body.logprobs || (body.top_logprobs ?? 0) > 0) {
    throw new InvalidRequestError('logprobs are not supported by this server.', { param: 'logprobs', code: 'unsupported_parameter' });
  }
  const request: ChatRequest = {
    model: body.model,
    messages: body.messages.map(fromOpenAiMessage),
    ...fromOpenAiSampling(body, body.max_completion_tokens ?? body.max_tokens),
  };
  const responseFormat = fromOpenAiResponseFormat(body.response_format);
  if (responseFormat) request.responseFormat = responseFormat;
  if (body.tools && body.tools.length > 0) {
    request.tools = body.tools.map(({ function: tool }) => ({
      name: tool.name,
      ...(tool.description != null ? { description: tool.description } : {}),
      ...(tool.parameters != null ? { parameters: tool.parameters } : {}),
    }));
    if (body.parallel_tool_calls === false) request.maxParallelToolCalls = 1;
  }
  const toolChoice = fromOpenAiToolChoice(body.tool_choice, request.tools !== undefined);
  if (toolChoice) request.toolChoice = toolChoice;
  if (body.truncation) request.truncation = body.truncation;
  return request;
}

/** One engine request per prompt (several prompts run one after another). */
export function fromOpenAiCompletionRequest(body: OpenAiCompletionRequest): CompletionRequest[] {
  if ((body.logprobs ?? 0) > 0) {
    throw new InvalidRequestError('logprobs are not supported by this server.', { param: 'logprobs', code: 'unsupported_parameter' });
  }
  if ((body.best_of ?? 1) > 1) {
    throw new InvalidRequestError('best_of > 1 is not supported.', { param: 'best_of', code: 'unsupported_value' });
  }
  const sampling = fromOpenAiSampling(body, body.max_tokens);
  const responseFormat = fromOpenAiResponseFormat(body.response_format);
  const prompts = typeof body.prompt === 'string' ? [body.prompt] : body.prompt;
  return prompts.map((prompt) => ({
    model: body.model,
    prompt,
    ...sampling,
    ...(body.suffix != null ? { suffix: body.suffix } : {}),
    ...(responseFormat ? { responseFormat } : {}),
  }));
}

export function fromOpenAiEmbeddingRequest(body: OpenAiEmbeddingRequest): { model: string; inputs: string[] } {
  return { model: body.model, inputs: typeof body.input === 'string' ? [body.input] : body.input };
}

export function toOpenAiChatCompletion(result: GenerationResult, identity: ResponseIdentity): OpenAiChatCompletion {
  const toolCalls = result.toolCalls.map((call) => ({ id: call.id, type: 'function' as const, function: { name: call.name, arguments: call.arguments } }));
  return {
    ...identity,
    object: 'chat.completion',
    model: result.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          // OpenAI sends null content for a turn that is only tool calls.
          content: result.text === '' && toolCalls.length > 0 ? null : result.text,
          refusal: null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: result.finishReason,
      },
    ],
    usage: toOpenAiUsage(result.usage),
  };
}

export function toOpenAiChatChunk(
  identity: ResponseIdentity,
  delta: OpenAiChatCompletionChunk['choices'][number]['delta'],
  finishReason: FinishReason | null = null,
): OpenAiChatCompletionChunk {
  return { ...identity, object: 'chat.completion.chunk', choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] };
}

/**
 * Tool calls as OpenAI streams them: a first delta with index, id, type and name, then the
 * arguments as fragments (the engine hands us whole calls, so one fragment each).
 */
export function toOpenAiToolCallDeltas(calls: ToolCall[]): OpenAiToolCallDelta[][] {
  return calls.flatMap((call, index) => [
    [{ index, id: call.id, type: 'function' as const, function: { name: call.name, arguments: '' } }],
    [{ index, function: { arguments: call.arguments } }],
  ]);
}

/** Completions know no tool calls; a grammar-ended generation is a plain stop. */
export function toOpenAiCompletionFinish(reason: FinishReason): 'stop' | 'length' {
  return reason === 'length' ? 'length' : 'stop';
}

export function toOpenAiCompletion(
  results: Array<{ result: GenerationResult; text: string }>,
  identity: ResponseIdentity,
): OpenAiCompletion {
  const usage: Usage = { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 };
  for (const { result } of results) {
    usage.promptTokens += result.usage.promptTokens;
    usage.completionTokens += result.usage.completionTokens;
    usage.cachedPromptTokens += result.usage.cachedPromptTokens;
  }
  return {
    ...identity,
    object: 'text_completion',
    model: results[0]?.result.model ?? identity.model,
    choices: results.map(({ result, text }, index) => ({ index, text, logprobs: null, finish_reason: toOpenAiCompletionFinish(result.finishReason) })),
    usage: toOpenAiUsage(usage),
  };
}

/** Little-endian float32 bytes, as OpenAI's base64 embeddings are (openai-node decodes them so). */
function toBase64Float32(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

export function toOpenAiEmbeddingResponse(result: EmbedResult, encoding: 'float' | 'base64'): OpenAiEmbeddingResponse<number[] | string> {
  return {
    object: 'list',
    data: result.vectors.map((vector, index) => ({
      object: 'embedding',
      index,
      embedding: encoding === 'base64' ? toBase64Float32(vector) : vector,
    })),
    model: result.model,
    usage: { prompt_tokens: result.promptTokens, total_tokens: result.promptTokens },
  };
}
