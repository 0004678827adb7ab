import { AbortedError, InvalidRequestError } from '../../../common/errors.js';
import type { Engine } from '../../engine/Engine.js';
import type { ChatMessage, Usage } from '../../engine/types.js';
import { instructions, separator, system, type Instruction } from './longContextPrompts.js';

/** The engine calls long-context processing makes; unit tests pass a fake. */
export type LongContextEngine = Pick<Engine, 'tokenize' | 'detokenize' | 'chat' | 'chatPromptTokens'>;

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

/** Tokens kept free beside a measured prompt: a text's first and last tokens can merge with the instructions around it. */
const edgeMargin = 4;
const minChunkTokens = 16;

interface Note {
  text: string;
  /** Capped at the note budget: a reply retokenized can come out a token or two longer. */
  tokens: number;
}

/**
 * Map-reduce over a text longer than the context: split it by tokens into chunks that fit beside
 * the instructions and a note, take a note on each chunk, merge notes in groups that fit until all
 * fit one prompt, then answer from them. A text that fits whole is answered in one call. Every
 * budget comes from the prompts measured through the model's chat template, so no prompt overflows.
 * Calls run one after another, so one document never fills the engine's queue for other clients.
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

  constructor(
    private readonly engine: LongContextEngine,
    private readonly options: LongContextOptions,
  ) {}

  async answer(): Promise<string> {
    const { model, prompt, maxGenerationTokens } = this.options;
    const budgets = await this.budgets();
    const tokens = (await this.engine.tokenize(model, this.options.text)).tokens;
    if (tokens.length <= Math.min(budgets.whole, this.options.chunkTokens ?? Infinity)) {
      this.chunks = 1;
      return this.generate(instructions.whole(prompt, this.options.text), maxGenerationTokens);
    }
    let notes: Note[] = [];
    for (let start = 0; start < tokens.length; start += budgets.chunk) {
      const { text } = await this.engine.detokenize(model, tokens.slice(start, start + budgets.chunk));
      // Token slices cut words (and, in byte-level vocabularies, characters) at chunk edges; notes don't need them whole.
      notes.push(await this.note(instructions.chunk(prompt, text), budgets.note));
      this.chunks++;
    }
    while (size(notes) > budgets.answer) {
      const merged: Note[] = [];
      for (const group of packNotes(notes, budgets.merge)) merged.push(group.length === 1 ? group[0]! : await this.note(instructions.notes(prompt, join(group)), budgets.note));
      notes = merged;
    }
    return this.generate(instructions.allNotes(prompt, join(notes)), maxGenerationTokens);
  }

  /** Token budgets per step, from each instruction's prompt measured empty; a context too small to make progress in is a 400. */
  private async budgets() {
    const { model, prompt, contextSize, maxGenerationTokens } = this.options;
    const room: Record<Instruction, number> = { whole: 0, chunk: 0, notes: 0, allNotes: 0 };
    for (const [name, wrap] of Object.entries(instructions)) {
      room[name as Instruction] = contextSize - edgeMargin - (await this.engine.chatPromptTokens(model, messages(wrap(prompt, ''))));
    }
    // Notes are kept to an eighth of the context, so every merge takes several.
    const note = Math.min(maxGenerationTokens ?? Infinity, Math.floor(contextSize / 8));
    // Room kept for the answer beside what it reads: what was asked for up to half the context, else a note's worth.
    const answerReserve = Math.min(maxGenerationTokens ?? note, Math.floor(contextSize / 2));
    const chunk = room.chunk - note;
    const merge = room.notes - note;
    const answer = room.allNotes - answerReserve;
    // A merge must take at least two notes with their separators, or merging would never end.
    if (chunk < minChunkTokens || merge < 2 * (note + 2) || answer < note + 2) {
      throw new InvalidRequestError(
        `This model's context (${contextSize} tokens) leaves too little room beside the prompt to process the text in parts; shorten the prompt or max_generation_tokens, or load the model with a larger contextSize.`,
        { param: 'prompt' },
      );
    }
    return { note, merge, answer, whole: room.whole - answerReserve, chunk: Math.min(chunk, this.options.chunkTokens ?? Infinity) };
  }

  private async note(content: string, budget: number): Promise<Note> {
    const text = await this.generate(content, budget);
    return { text, tokens: Math.min((await this.engine.tokenize(this.options.model, text)).tokens.length, budget) };
  }

  private async generate(content: string, maxTokens: number | undefined): Promise<string> {
    const { model, signal } = this.options;
    if (signal?.aborted) throw new AbortedError();
    const result = await this.engine.chat({ model, messages: messages(content), maxTokens, signal });
    this.calls++;
    this.usage.promptTokens += result.usage.promptTokens;
    this.usage.completionTokens += result.usage.completionTokens;
    this.usage.cachedPromptTokens += result.usage.cachedPromptTokens;
    return result.text.trim();
  }
}

const messages = (content: string): ChatMessage[] => [
  { role: 'system', content: system },
  { role: 'user', content },
];
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
