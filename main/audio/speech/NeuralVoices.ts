import { stat } from 'node:fs/promises';
import { AbortedError, HearthError, NotSupportedError } from '../../../common/errors.js';
import { ProgramGate } from '../ProgramGate.js';
import { ProgramError } from '../runProgram.js';
import { findLocalVoiceModels, speakerNames, voiceLanguage, type LocalVoiceModel } from './localVoiceModels.js';
import { describeVitsVoice, UnreadableVoiceError, type VitsVoiceFacts } from './runVitsProgram.js';

/** A voice folder as the listing and requests see it: loaded once to learn its speakers, or why it can't load. */
export interface NeuralVoice {
  model: LocalVoiceModel;
  /** Lower case (`en-us`); undefined when the folder doesn't say (VITS voices without Piper's config). */
  language?: string;
  /** Speaker names by speaker id; empty for a single-speaker voice. */
  speakers: string[];
  sampleRate?: number;
  /** sherpa-onnx's words on why it can't load it; such a voice is listed but never stands in for OpenAI's names. */
  error?: string;
  /** When it failed for another reason than its files (no sherpa-onnx here, a timeout): what a request naming it gets. */
  failure?: HearthError;
}

/** A load's outcome; a `transient` failure (a timeout, a program that couldn't start) is tried again next time. */
type Described = { facts: VitsVoiceFacts } | { error: string; failure?: HearthError; transient?: boolean };

/**
 * The VITS voice folders in the models folder, read anew on each call (a user may unpack one at any moment).
 * Each is loaded once in a child program to learn its speakers and whether it works; the answer is kept
 * until its files change.
 */
export class NeuralVoices {
  /** By folder: the load of its files as they were (filesKey). */
  private readonly described = new Map<string, { key: string; outcome: Promise<Described> }>();
  // One load at a time, however many voices a listing finds: loading is a start-up cost, not a request's work.
  private readonly gate = new ProgramGate(1, 1024, () => 'Too many voices are being loaded; try again shortly.');

  constructor(
    private readonly modelsDir: () => string,
    private readonly timeoutMs: number,
  ) {}

  async list(signal?: AbortSignal): Promise<NeuralVoice[]> {
    const models = await findLocalVoiceModels(this.modelsDir());
    return Promise.all(models.map((model) => this.describe(model, signal)));
  }

  private async describe(model: LocalVoiceModel, signal?: AbortSignal): Promise<NeuralVoice> {
    const key = await filesKey(model);
    let described = this.described.get(model.dir);
    if (described?.key !== key) {
      // Not tied to this caller's signal: others may wait on the same load.
      const entry = { key, outcome: this.load(model) };
      this.described.set(model.dir, entry);
      void entry.outcome.then((result) => 'transient' in result && this.described.get(model.dir) === entry && this.described.delete(model.dir));
      described = entry;
    }
    const result = await untilAborted(described.outcome, signal);
    const language = voiceLanguage(model);
    if ('error' in result) return { model, language, speakers: [], error: result.error, failure: result.failure };
    const { numSpeakers, sampleRate } = result.facts;
    return { model, language, speakers: numSpeakers > 1 ? speakerNames(model, numSpeakers) : [], sampleRate };
  }

  /**
   * Never rejects: a voice that can't be described is listed with why, and espeak-ng's voices go on working
   * (also where sherpa-onnx-node isn't installed, which is a 501 for that voice alone).
   */
  private async load(model: LocalVoiceModel): Promise<Described> {
    const release = await this.gate.acquire();
    try {
      return { facts: await describeVitsVoice(model, { timeoutMs: this.timeoutMs }) };
    } catch (error) {
      if (error instanceof UnreadableVoiceError) return { error: error.reason };
      if (error instanceof NotSupportedError) return { error: error.message, failure: error };
      const failure = error instanceof HearthError ? error : new ProgramError(`Loading the voice '${model.id}' failed: ${(error as Error).message}`);
      return { error: failure.message, failure, transient: true };
    } finally {
      release();
    }
  }
}

/** `promise`, or AbortedError as soon as `signal` aborts (the work itself goes on for others). */
function untilAborted<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(new AbortedError());
  return Promise.race([promise, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new AbortedError()), { once: true }))]);
}

/** Identifies a voice's files as they are now: a replaced or edited file is loaded again. */
async function filesKey(model: LocalVoiceModel): Promise<string> {
  const parts = await Promise.all(
    [model.model, model.tokens, model.lexicon, model.dataDir].map(async (file) => {
      if (!file) return '';
      const info = await stat(file).catch(() => null);
      return info ? `${file}:${info.size}:${info.mtimeMs}` : `${file}:missing`;
    }),
  );
  return parts.join('\0');
}
