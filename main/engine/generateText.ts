import { LlamaGrammarEvaluationState, type LlamaContextSequence, type LlamaGrammar, type LlamaModel, type Token } from 'node-llama-cpp';
import type { toLlamaSampling } from './sampling.js';

export interface TextGenerationOptions {
  sampling: ReturnType<typeof toLlamaSampling>;
  maxTokens: number;
  grammar?: LlamaGrammar;
  signal?: AbortSignal;
  /** A wall-clock cap: when it aborts, generation ends as at maxTokens (stopReason 'maxTokens'). */
  deadline?: AbortSignal;
  onTextChunk?: (text: string) => void;
  onToken?: (count: number) => void;
}

export interface TextGenerationResult {
  text: string;
  stopReason: 'eog' | 'stop' | 'maxTokens' | 'abort';
  completionTokens: number;
  cachedPromptTokens: number;
  firstTokenAt: number | null;
}

// Tokens of context handed to detokenize so a word's leading space survives (SentencePiece drops it at the start of a text).
const detokenizeContext = 4;

/**
 * Continues `promptTokens` on a slot as plain text, as llama.cpp's /completion
 * does: the slot's cached prefix is kept, text is decoded with the tokens before
 * it (so " Lily" keeps its space), and stop strings are matched on that text
 * and left out, holding back only as much as could still become a stop string.
 */
export async function generateText(model: LlamaModel, sequence: LlamaContextSequence, promptTokens: Token[], options: TextGenerationOptions): Promise<TextGenerationResult> {
  // No tokens asked for: nothing to evaluate (the loop below checks the limit only after a token).
  if (options.maxTokens <= 0) return { text: '', stopReason: 'maxTokens', completionTokens: 0, cachedPromptTokens: 0, firstTokenAt: null };
  const stops = [...(options.sampling.customStopTriggers ?? []), ...grammarStops(options.grammar)];
  const holdBack = Math.max(0, ...stops.map((s) => s.length - 1));

  // Keep the common prefix; at least the last prompt token is evaluated again for its logits.
  const reusable = Math.min(sequence.compareContextTokens(promptTokens).firstDifferentIndex, promptTokens.length - 1);
  if (sequence.nextTokenIndex > reusable) await sequence.eraseContextTokenRanges([{ start: reusable, end: sequence.nextTokenIndex }]);

  const grammarState = options.grammar ? new LlamaGrammarEvaluationState({ model, grammar: options.grammar }) : undefined;
  const { repeatPenalty } = options.sampling;
  const recent: Token[] = promptTokens.slice(-64);
  const generated: Token[] = [];
  let decodedUpTo = 0; // tokens of `generated` already turned into text
  let text = ''; // all text decoded so far
  let emitted = 0; // characters of `text` already sent
  let stopReason: TextGenerationResult['stopReason'] = 'maxTokens';
  let firstTokenAt: number | null = null;

  // evaluateWithMetadata rather than evaluate, which only wraps it in one more async generator per token.
  const iterator = sequence.evaluateWithMetadata(promptTokens.slice(reusable), {}, {
    temperature: options.sampling.temperature,
    topK: options.sampling.topK,
    topP: options.sampling.topP,
    minP: options.sampling.minP,
    seed: options.sampling.seed,
    grammarEvaluationState: grammarState,
    repeatPenalty: repeatPenalty ? { punishTokens: () => recent, penalty: repeatPenalty.penalty, frequencyPenalty: repeatPenalty.frequencyPenalty, presencePenalty: repeatPenalty.presencePenalty } : undefined,
  });
  try {
    for await (const { token } of iterator) {
      if (options.signal?.aborted) {
        stopReason = 'abort';
        break;
      }
      firstTokenAt ??= performance.now();
      if (model.isEogToken(token)) {
        stopReason = 'eog';
        break;
      }
      generated.push(token);
      if (repeatPenalty) {
        recent.push(token);
        if (recent.length > 64) recent.shift();
      }
      options.onToken?.(1);

      const context = decodedUpTo === 0 ? promptTokens.slice(-detokenizeContext) : generated.slice(Math.max(0, decodedUpTo - detokenizeContext), decodedUpTo);
      const piece = model.detokenize(generated.slice(decodedUpTo), false, context);
      // An incomplete UTF-8 sequence decodes to U+FFFD; wait for the rest of the character.
      if (!piece.endsWith('\uFFFD')) {
        text += piece;
        decodedUpTo = generated.length;
      }
      const stopAt = firstStop(text, stops, emitted);
      if (stopAt !== -1) {
        text = text.slice(0, stopAt);
        stopReason = 'stop';
        break;
      }
      const safe = text.length - holdBack;
      if (safe > emitted) {
        options.onTextChunk?.(text.slice(emitted, safe));
        emitted = safe;
      }
      if (generated.length >= options.maxTokens || options.deadline?.aborted) break;
    }
  } finally {
    await iterator.return();
  }
  if (stopReason !== 'stop' && decodedUpTo < generated.length) text += model.detokenize(generated.slice(decodedUpTo), false, generated.slice(Math.max(0, decodedUpTo - detokenizeContext), decodedUpTo));
  if (options.grammar?.trimWhitespaceSuffix) text = text.trimEnd();
  if (text.length > emitted && stopReason !== 'abort') options.onTextChunk?.(text.slice(emitted));
  return { text, stopReason, completionTokens: generated.length, cachedPromptTokens: reusable, firstTokenAt };
}

/** Where the first stop string begins in `text`, looking only at what may contain a new match. */
function firstStop(text: string, stops: string[], emitted: number): number {
  let best = -1;
  for (const stop of stops) {
    const at = text.indexOf(stop, Math.max(0, emitted - stop.length));
    if (at !== -1 && (best === -1 || at < best)) best = at;
  }
  return best;
}

function grammarStops(grammar: LlamaGrammar | undefined): string[] {
  return (grammar?.stopGenerationTriggers ?? []).filter((trigger): trigger is string => typeof trigger === 'string');
}
