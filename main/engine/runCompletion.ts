import { LlamaCompletion, type Llama, type Token } from 'node-llama-cpp';
import { AbortedError, ContextLengthError, InvalidRequestError } from '../../common/errors.js';
import type { ModelLoadSettings } from '../../common/settings.js';
import type { LoadedModel } from './LoadedModel.js';
import type { CompletionRequest, GenerationResult } from './types.js';
import type { GenerationCounters } from './runChat.js';
import { toLlamaSampling } from './sampling.js';
import { responseGrammar } from './responseGrammar.js';

/** A raw completion (or infill with `suffix`) of a prompt, no chat template involved. */
export async function runCompletion(
  llama: Llama,
  loaded: LoadedModel,
  request: CompletionRequest,
  settings: Pick<ModelLoadSettings, 'sampling'>,
  loadMs: number,
  counters: GenerationCounters,
): Promise<GenerationResult> {
  const started = performance.now();
  const model = loaded.model;
  const infill = request.suffix !== undefined && request.suffix !== '';
  if (infill && !model.tokens.infill.prefix) {
    throw new InvalidRequestError(`The model '${loaded.id}' has no fill-in-the-middle tokens, so it can't complete with a suffix.`, { param: 'suffix' });
  }
  // Counted as LlamaCompletion tokenizes: the prompt's tokens after a beginning-of-sequence token when the model wants one.
  const promptTokens: Token[] = model.tokenize(request.prompt, false, 'trimLeadingSpace');
  const bos = model.tokens.bos;
  if (bos != null && model.tokens.shouldPrependBosToken) promptTokens.unshift(bos);
  const suffixTokens = infill ? model.tokenize(request.suffix!, false, 'trimLeadingSpace').length + 3 : 0;
  const promptLength = promptTokens.length + suffixTokens;
  const contextSize = loaded.contextSize;
  if (promptLength >= contextSize) {
    throw new ContextLengthError(`This model's context is ${contextSize} tokens; the prompt takes ${promptLength}.`, contextSize, promptLength);
  }
  const room = contextSize - promptLength;
  const maxTokens = Math.min(request.maxTokens ?? room, room);
  const grammar = await responseGrammar(llama, request.responseFormat);

  const lease = await loaded.acquire(promptTokens, request.signal);
  const completion = new LlamaCompletion({ contextSequence: lease.slot, autoDisposeSequence: false });
  try {
    const cachedPromptTokens = infill ? 0 : Math.min(lease.slot.compareContextTokens(promptTokens).firstDifferentIndex, promptTokens.length - 1);
    let completionTokens = 0;
    let firstTokenAt: number | null = null;
    const options = {
      ...toLlamaSampling(request, settings.sampling),
      maxTokens,
      grammar,
      signal: request.signal,
      stopOnAbortSignal: true,
      onTextChunk: request.onTextChunk,
      onToken(tokens: Token[]) {
        firstTokenAt ??= performance.now();
        completionTokens += tokens.length;
        counters.generatedTokens += tokens.length;
      },
    };
    const result = infill
      ? await completion.generateInfillCompletionWithMeta(request.prompt, request.suffix!, options)
      : await completion.generateCompletionWithMeta(request.prompt, options);
    if (request.signal?.aborted) throw new AbortedError();
    const ended = performance.now();
    return {
      model: loaded.id,
      text: result.response,
      toolCalls: [],
      finishReason: result.metadata.stopReason === 'maxTokens' ? 'length' : 'stop',
      usage: { promptTokens: promptLength, completionTokens, cachedPromptTokens },
      timings: { loadMs, promptMs: (firstTokenAt ?? ended) - started, generateMs: ended - (firstTokenAt ?? ended), totalMs: ended - started + loadMs },
    };
  } finally {
    completion.dispose({ disposeSequence: false });
    lease.release();
  }
}
