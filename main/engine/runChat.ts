import { LlamaChat, type ChatHistoryItem, type ChatModelFunctions, type Llama, type LlamaGrammar, type Token } from 'node-llama-cpp';
import { AbortedError, ContextLengthError, InvalidRequestError } from '../../common/errors.js';
import type { ModelLoadSettings } from '../../common/settings.js';
import type { LoadedModel } from './LoadedModel.js';
import type { ChatMessage, ChatRequest, FinishReason, GenerationResult, ToolCall } from './types.js';
import { fitToContext } from './fitToContext.js';
import { toChatHistory } from './chatHistory.js';
import { toLlamaSampling } from './sampling.js';
import { checkToolSchemas, createForcedToolGrammar, parseForcedToolCalls, toFunctions } from './toolGrammar.js';
import { responseGrammar } from './responseGrammar.js';
import { newToolCallId } from './ids.js';
import { startGenerationDeadline } from './generationDeadline.js';

export interface GenerationCounters {
  /** Tokens generated since start, across all requests; a test reads it to see generation stop. */
  generatedTokens: number;
}

/**
 * One chat turn on one slot, through the model's own chat template. The prompt
 * is rendered and tokenized first, so its length is checked against the
 * context (never silently truncated), the slot with the longest cached prefix
 * is chosen, and usage is exact.
 */
export async function runChat(
  llama: Llama,
  loaded: LoadedModel,
  request: ChatRequest,
  settings: Pick<ModelLoadSettings, 'sampling' | 'systemPrompt' | 'maxGenerationSeconds'>,
  loadMs: number,
  counters: GenerationCounters,
): Promise<GenerationResult> {
  const started = performance.now();
  const tools = request.toolChoice === 'none' ? [] : (request.tools ?? []);
  const forced = tools.length > 0 && (request.toolChoice === 'required' || typeof request.toolChoice === 'object');
  if (tools.length > 0 && request.responseFormat && request.responseFormat.type !== 'text') {
    throw new InvalidRequestError('response_format can not be combined with tools on a local model; send one or the other.', { param: 'response_format' });
  }

  const functions: ChatModelFunctions | undefined = tools.length > 0 ? toFunctions(tools) : undefined;
  if (functions) await checkToolSchemas(llama, loaded.chatWrapper, functions);
  let grammar: LlamaGrammar | undefined;
  // The template documents forced tools in a system message; the grammar then makes the reply a call.
  const toolDocs = forced ? loaded.chatWrapper.generateAvailableFunctionsSystemText(functions!, { documentParams: true }).toString() : undefined;
  const historyOf = (messages: ChatMessage[]): ChatHistoryItem[] => {
    const history = toChatHistory(messages, settings.systemPrompt);
    return toolDocs ? [{ type: 'system', text: toolDocs }, ...history] : history;
  };
  if (forced) grammar = await createForcedToolGrammar(llama, tools, request.toolChoice!, request.maxParallelToolCalls ?? 1);
  else grammar = await responseGrammar(llama, request.responseFormat);
  const autoFunctions = forced ? undefined : functions;

  const contextSize = loaded.contextSize;
  // With truncation "auto" the oldest turns give way until the prompt and the reply's max_tokens fit.
  const fitted =
    request.truncation === 'auto'
      ? fitToContext(request.messages, contextSize - Math.min(request.maxTokens ?? 1, contextSize - 1), (messages) => renderPrompt(loaded, historyOf(messages), autoFunctions).length)
      : { messages: request.messages, omitted: 0 };
  const history = historyOf(fitted.messages);
  const promptTokens = renderPrompt(loaded, history, autoFunctions);
  if (promptTokens.length >= contextSize) {
    throw new ContextLengthError(
      `This model's context is ${contextSize} tokens; the messages take ${promptTokens.length}. Shorten them or load the model with a larger contextSize.`,
      contextSize,
      promptTokens.length,
    );
  }
  const room = contextSize - promptTokens.length;
  const maxTokens = Math.min(request.maxTokens ?? room, room);
  // node-llama-cpp reads maxTokens 0 as "no limit" (with context shifting, a generation that never ends);
  // llama.cpp's n_predict 0 generates nothing. Answer that here, without a slot or an evaluation.
  if (maxTokens <= 0) return { ...emptyResult(loaded.id, promptTokens.length, started, loadMs), ...omittedOf(fitted.omitted) };

  const lease = await loaded.acquire(promptTokens, request.signal);
  const chat = new LlamaChat({ contextSequence: lease.slot, chatWrapper: loaded.chatWrapper, autoDisposeSequence: false });
  const deadline = startGenerationDeadline(settings.maxGenerationSeconds);
  try {
    // node-llama-cpp keeps the common prefix of the slot's tokens and the new prompt; at least one token is always evaluated.
    const cachedPromptTokens = Math.min(lease.slot.compareContextTokens(promptTokens).firstDifferentIndex, promptTokens.length - 1);
    request.onPrompt?.({ promptTokens: promptTokens.length, cachedPromptTokens });
    // The slot's token meter counts every sampled token; onToken skips some that LlamaChat holds back internally.
    const outputBefore = lease.slot.tokenMeter.usedOutputTokens;
    let firstTokenAt: number | null = null;
    const sampling = toLlamaSampling(request, settings.sampling);
    const response = await chat.generateResponse(withOpenModelTurn(history), {
      ...sampling,
      maxTokens,
      signal: request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal,
      stopOnAbortSignal: true,
      onToken(tokens: Token[]) {
        firstTokenAt ??= performance.now();
        counters.generatedTokens += tokens.length;
      },
      onTextChunk: forced ? undefined : request.onTextChunk,
      // Thoughts never reach onTextChunk; node-llama-cpp hands them over as segments.
      onResponseChunk: request.onThoughtChunk
        ? (chunk) => {
            if (chunk.type === 'segment' && chunk.segmentType === 'thought' && chunk.text !== '') request.onThoughtChunk!(chunk.text);
          }
        : undefined,
      ...(autoFunctions
        ? { functions: autoFunctions, documentFunctionParams: true, maxParallelFunctionCalls: request.maxParallelToolCalls ?? 1 }
        : { grammar }),
    });
    if (request.signal?.aborted) throw new AbortedError();
    const completionTokens = lease.slot.tokenMeter.usedOutputTokens - outputBefore;

    // Stopped by the wall-clock cap: the same as running out of tokens.
    const cutShort = response.metadata.stopReason === 'maxTokens' || (response.metadata.stopReason === 'abort' && deadline.expired);
    let toolCalls: ToolCall[] = [];
    let text = response.response;
    if (forced) {
      toolCalls = cutShort ? [] : parseForcedToolCalls(text);
      text = '';
    } else if (response.functionCalls?.length) {
      toolCalls = response.functionCalls.map((call) => ({ id: newToolCallId(), name: call.functionName, arguments: JSON.stringify(call.params ?? {}) }));
    }
    const finishReason: FinishReason = toolCalls.length > 0 ? 'tool_calls' : cutShort ? 'length' : 'stop';
    const stopSequence = response.metadata.stopReason === 'customStopTrigger' ? response.metadata.customStopTrigger.filter((part) => typeof part === 'string').join('') : '';
    const thoughts = response.fullResponse.flatMap((part) => (typeof part !== 'string' && part.segmentType === 'thought' ? [part.text] : [])).join('');
    const ended = performance.now();
    return {
      model: loaded.id,
      text,
      toolCalls,
      ...(thoughts !== '' ? { thoughts } : {}),
      ...(stopSequence !== '' ? { stopSequence } : {}),
      finishReason,
      ...omittedOf(fitted.omitted),
      usage: { promptTokens: promptTokens.length, completionTokens, cachedPromptTokens },
      timings: {
        loadMs,
        promptMs: (firstTokenAt ?? ended) - started,
        generateMs: ended - (firstTokenAt ?? ended),
        totalMs: ended - started + loadMs,
      },
    };
  } finally {
    deadline.dispose();
    chat.dispose({ disposeSequence: false });
    lease.release();
  }
}

/** Only a request that left turns out says so. */
function omittedOf(omitted: number): Pick<GenerationResult, 'omittedMessages'> {
  return omitted > 0 ? { omittedMessages: omitted } : {};
}

/** The answer to a request for no tokens: nothing generated, stopped at its limit. @internal */
export function emptyResult(model: string, promptTokens: number, started: number, loadMs: number): GenerationResult {
  const totalMs = performance.now() - started + loadMs;
  return {
    model,
    text: '',
    toolCalls: [],
    finishReason: 'length',
    usage: { promptTokens, completionTokens: 0, cachedPromptTokens: 0 },
    timings: { loadMs, promptMs: 0, generateMs: 0, totalMs },
  };
}

/** LlamaChat continues a trailing model turn and opens a new one otherwise; render the same thing to count it. */
function withOpenModelTurn(history: ChatHistoryItem[]): ChatHistoryItem[] {
  const last = history.at(-1);
  return last?.type === 'model' ? history : [...history, { type: 'model', response: [] }];
}

/** The prompt a chat request evaluates, through the model's own chat template. @internal */
export function renderPrompt(loaded: LoadedModel, history: ChatHistoryItem[], functions: ChatModelFunctions | undefined): Token[] {
  const { contextText } = loaded.chatWrapper.generateContextState({
    chatHistory: withOpenModelTurn(history),
    availableFunctions: functions,
    documentFunctionParams: functions ? true : undefined,
  });
  return contextText.tokenize(loaded.model.tokenizer);
}
