import { AbortedError, ContextLengthError, InvalidRequestError } from '../../../common/errors.js';
import type { Engine } from '../../engine/Engine.js';
import type { Usage } from '../../engine/types.js';
import { instructions, separator, system, type Instruction } from './longContextPrompts.js';

/** The engine calls long-context processing makes; unit tests pass a fake. */
export type LongContextEngine = Pick<Engine, 'tokenize' | 'detokenize' | 'chat'>;

export interface LongContextOptions {
  /** A resolved model id. */
  model: string;
  text: string;
  prompt: string;
  /** The model's context per slot, in tokens. */
  contextSize: number;
  /** Tokens the final answer may take; default: the rest of the context. */
  maxGenerationTokens?: number;
  /** Text tokens per chunk at most; default: as many as fit. */
  chunkTokens?: number;
  signal?: AbortSignal;
}

export interface LongContextResult {
  text: string;
  chunks: number;
  calls: number;
  usage: Usage;
}

/**
 * The chat template's tokens around our messages, first guessed: only the engine renders the template.
 * A prompt it still overflows answers with its real length (ContextLengthError, before any evaluation),
 * and the run learns the real size from it, plus this margin for tokens merging at message edges.
 */
const templateGuess = 32;
const templateMargin = 4;
const minChunkTokens = 16;

interface Note {
  text: string;
  /** Capped at the note budget: a reply retokenized can come out a token or two longer. */
  tokens: number;
}

/**
 * Map-reduce over a text longer than the context: split it by tokens into chunks that fit beside
 * the instructions and a note, take a note on each chunk, merge notes in groups that fit until all
 * fit one prompt, then answer from them. A text that fits whole is answered in one call. Calls run
 * one after another, so one document never fills the engine's queue for other clients.
 */
export async function processLongContext(engine: LongContextEngine, options: LongContextOptions): Promise<LongContextResult> {
  const run = new LongContextRun(engine, options);
  const text = await run.answer();
  return { text, chunks: run.chunks, calls: run.calls, usage: run.usage };
}

class LongContextRun {
  readonly usage: Usage = { promptTokens: 0, completionTokens: 0, cachedPromptTokens: 0 };
  calls = 0;
  chunks = 0;
  private template = templateGuess;
  private systemTokens = 0;
  private instructionTokens: Record<Instruction, number> = { whole: 0, chunk: 0, notes: 0, allNotes: 0 };

  constructor(
    private readonly engine: LongContextEngine,
    private readonly options: LongContextOptions,
  ) {}

  async answer(): Promise<string> {
    const { prompt, maxGenerationTokens } = this.options;
    this.systemTokens = await this.count(system);
    for (const [name, wrap] of Object.entries(instructions)) this.instructionTokens[name as Instruction] = await this.count(wrap(prompt, ''));
    const tokens = (await this.engine.tokenize(this.options.model, this.options.text)).tokens;
    // A null from generate() means the template turned out larger: plan again with the budgets it taught.
    while (tokens.length <= Math.min(this.budgets().whole, this.options.chunkTokens ?? Infinity)) {
      const text = await this.generate(instructions.whole(prompt, this.options.text), maxGenerationTokens);
      if (text !== null) {
        this.chunks = 1;
        return text;
      }
    }
    let notes: Note[] = [];
    for (let start = 0; start < tokens.length; ) {
      const length = this.budgets().chunk;
      const { text } = await this.engine.detokenize(this.options.model, tokens.slice(start, start + length));
      // Token slices cut words (and, in byte-level vocabularies, characters) at chunk edges; notes don't need them whole.
      const note = await this.note(instructions.chunk(prompt, text));
      if (note === null) continue;
      notes.push(note);
      this.chunks++;
      start += length;
    }
    for (;;) {
      const budgets = this.budgets();
      if (size(notes) <= budgets.answer) {
        const text = await this.generate(instructions.allNotes(prompt, join(notes)), maxGenerationTokens);
        if (text !== null) return text;
        continue;
      }
      const merged: Note[] = [];
      const groups = packNotes(notes, budgets.merge);
      for (const [index, group] of groups.entries()) {
        const note = group.length === 1 ? group[0]! : await this.note(instructions.notes(prompt, join(group)));
        if (note !== null) merged.push(note);
        else {
          // The other groups were packed for the old budget: pack them again.
          merged.push(...groups.slice(index).flat());
          break;
        }
      }
      notes = merged;
    }
  }

  /** Token budgets per step under the current template size; a context too small to make progress in is a 400. */
  private budgets() {
    const { contextSize, maxGenerationTokens } = this.options;
    const room = (instruction: Instruction) => contextSize - this.template - this.systemTokens - this.instructionTokens[instruction];
    // Notes are kept to an eighth of the context, so every merge takes several.
    const note = Math.min(maxGenerationTokens ?? Infinity, Math.floor(contextSize / 8));
    // Room kept for the answer beside what it reads: what was asked for up to half the context, else a note's worth.
    const answerReserve = Math.min(maxGenerationTokens ?? note, Math.floor(contextSize / 2));
    const chunk = room('chunk') - note;
    const merge = room('notes') - note;
    const answer = room('allNotes') - answerReserve;
    // A merge must take at least two notes with their separators, or merging would never end.
    if (chunk < minChunkTokens || merge < 2 * (note + 2) || answer < note + 2) {
      throw new InvalidRequestError(
        `This model's context (${contextSize} tokens) leaves too little room beside the prompt to process the text in parts; shorten the prompt or max_generation_tokens, or load the model with a larger contextSize.`,
        { param: 'prompt' },
      );
    }
    return { note, merge, answer, whole: room('whole') - answerReserve, chunk: Math.min(chunk, this.options.chunkTokens ?? Infinity) };
  }

  private async note(content: string): Promise<Note | null> {
    const note = this.budgets().note;
    const text = await this.generate(content, note);
    return text === null ? null : { text, tokens: Math.min(await this.count(text), note) };
  }

  /** One generation, or null when the prompt overflowed the context and the template size was learned from it. */
  private async generate(content: string, maxTokens: number | undefined): Promise<string | null> {
    const { model, signal } = this.options;
    if (signal?.aborted) throw new AbortedError();
    try {
      const result = await this.engine.chat({ model, messages: [{ role: 'system', content: system }, { role: 'user', content }], maxTokens, signal });
      this.calls++;
      this.usage.promptTokens += result.usage.promptTokens;
      this.usage.completionTokens += result.usage.completionTokens;
      this.usage.cachedPromptTokens += result.usage.cachedPromptTokens;
      return result.text.trim();
    } catch (error) {
      if (!(error instanceof ContextLengthError)) throw error;
      const template = error.promptTokens - this.systemTokens - (await this.count(content)) + templateMargin;
      // Nothing new learned: planning again would send the same prompt.
      if (template <= this.template) throw error;
      this.template = template;
      return null;
    }
  }

  private async count(text: string): Promise<number> {
    return (await this.engine.tokenize(this.options.model, text)).tokens.length;
  }
}

const size = (notes: Note[]) => notes.reduce((sum, note) => sum + note.tokens + 2, 0);
const join = (notes: Note[]) => notes.map((note) => note.text).join(separator);

/** Consecutive notes in groups of at most `budget` tokens, in order. */
function packNotes(notes: Note[], budget: number): Note[][] {
  const groups: Note[][] = [];
  for (const note of notes) {
    const last = groups.at(-1);
    if (last && size([...last, note]) <= budget) last.push(note);
    else groups.push([note]);
  }
  return groups;
}
