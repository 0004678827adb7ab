import { LlamaCompletion, type Llama, type LlamaContextSequence, type LlamaGrammar, type Token } from 'node-llama-cpp';
import { AbortedError, ContextLengthError, InvalidRequestError } from '../../common/errors.js';
import type { ModelLoadSettings } from '../../common/settings.js';
import type { LoadedModel } from './LoadedModel.js';
import type { CompletionRequest, GenerationResult } from './types.js';
import type { GenerationCounters } from './runChat.js';
import { toLlamaSampling } from './sampling.js';
import { responseGrammar } from './responseGrammar.js';
import { generateText } from './generateText.js';
import { emptyResult } from './runChat.js';
import { startGenerationDeadline, type GenerationDeadline } from './generationDeadline.js';

/** A raw completion (or infill with `suffix`) of a prompt, no chat template involved. */
export async function runCompletion(
  llama: Llama,
  loaded: LoadedModel,
  request: CompletionRequest,
  settings: Pick<ModelLoadSettings, 'sampling' | 'maxGenerationSeconds'>,
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
  // As in runChat: node-llama-cpp reads 0 as "no limit", llama.cpp's n_predict 0 generates nothing.
  if (maxTokens <= 0) return emptyResult(loaded.id, promptLength, started, loadMs);
  const grammar = await responseGrammar(llama, request.responseFormat);

  const lease = await loaded.acquire(promptTokens, request.signal);
  const deadline = startGenerationDeadline(settings.maxGenerationSeconds);
  try {
    const sampling = toLlamaSampling(request, settings.sampling);
    let completionTokens = 0;
    const onToken = (count: number) => {
      completionTokens += count;
      counters.generatedTokens += count;
    };
    let outcome: { text: string; finishReason: 'stop' | 'length'; cachedPromptTokens: number; firstTokenAt: number | null };
    if (infill) {
      outcome = await runInfill(lease.slot, request, sampling, maxTokens, grammar, deadline, onToken);
    } else {
      const generated = await generateText(model, lease.slot, promptTokens, { sampling, maxTokens, grammar, signal: request.signal, deadline: deadline.signal, onTextChunk: request.onTextChunk, onToken });
      outcome = { ...generated, finishReason: generated.stopReason === 'maxTokens' ? 'length' : 'stop' };
    }
    if (request.signal?.aborted) throw new AbortedError();
    const ended = performance.now();
    const firstTokenAt = outcome.firstTokenAt ?? ended;
    return {
      model: loaded.id,
      text: outcome.text,
      toolCalls: [],
      finishReason: outcome.finishReason,
      usage: { promptTokens: promptLength, completionTokens, cachedPromptTokens: outcome.cachedPromptTokens },
      timings: { loadMs, promptMs: firstTokenAt - started, generateMs: ended - firstTokenAt, totalMs: ended - started + loadMs },
    };
  } finally {
    deadline.dispose();
    lease.release();
  }
}

/** Fill-in-the-middle through node-llama-cpp, which knows each model's infill token layout. */
async function runInfill(
  sequence: LlamaContextSequence,
  request: CompletionRequest,
  sampling: ReturnType<typeof toLlamaSampling>,
  maxTokens: number,
  grammar: LlamaGrammar | undefined,
  deadline: GenerationDeadline,
  onToken: (count: number) => void,
) {
  const completion = new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: false });
  let firstTokenAt: number | null = null;
  try {
    const result = await completion.generateInfillCompletionWithMeta(request.prompt, request.suffix!, {
      ...sampling,
      maxTokens,
      grammar,
      signal: request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal,
      stopOnAbortSignal: true,
      onTextChunk: request.onTextChunk,
      onToken(tokens: Token[]) {
        firstTokenAt ??= performance.now();
        onToken(tokens.length);
      },
    });
    // Stopped by the wall-clock cap: the same as running out of tokens.
    const cutShort = result.metadata.stopReason === 'maxTokens' || (result.metadata.stopReason === 'abort' && deadline.expired);
    return { text: result.response, finishReason: cutShort ? ('length' as const) : ('stop' as const), cachedPromptTokens: 0, firstTokenAt };
  } finally {
    completion.dispose({ disposeSequence: false });
  }
}
