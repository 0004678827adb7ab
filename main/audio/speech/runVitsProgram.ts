import { sherpaOnnxPath } from '../sherpaOnnx.js';
import path from 'node:path';
import { HearthError, InvalidRequestError } from '../../../common/errors.js';
import { runProgram, type ProgramResult } from '../runProgram.js';
import type { LocalVoiceModel } from './localVoiceModels.js';
import { vitsProgramSource } from './vitsProgram.js';

/** What loading a voice tells: its output rate and speakers (0 for a single-speaker voice, as sherpa-onnx counts). */
export interface VitsVoiceFacts {
  sampleRate: number;
  numSpeakers: number;
}

export interface VitsSpeech {
  samples: Float32Array;
  sampleRate: number;
}

interface VitsRunOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Threads sherpa-onnx may use; default 1. */
  numThreads?: number;
}

/** A voice folder sherpa-onnx can't load: 422 naming the voice and sherpa-onnx's reason. */
export class UnreadableVoiceError extends HearthError {
  constructor(
    voiceId: string,
    /** sherpa-onnx's own words, as the voice listing shows them. */
    readonly reason: string,
    param = 'voice',
  ) {
    super(422, 'invalid_request_error', `The voice '${voiceId}' cannot be loaded: sherpa-onnx could not use its files (${reason}). Replace the folder with a complete copy of the voice.`, {
      code: 'model_unreadable',
      param,
    });
  }
}

/** A voice that loaded failed on a text: a bug or a broken install, so a 500 with the child's last words. */
export class VitsProgramError extends HearthError {
  constructor(message: string) {
    super(500, 'server_error', message);
  }
}

/** sherpa-onnx's OfflineTtsConfig for a voice folder. */
function ttsConfig(voice: LocalVoiceModel, numThreads: number) {
  return {
    model: {
      vits: { model: voice.model, tokens: voice.tokens, lexicon: voice.lexicon ?? '', dataDir: voice.dataDir ?? '' },
      numThreads,
      provider: 'cpu',
      debug: 0,
    },
    ruleFsts: voice.ruleFsts ?? '',
    ruleFars: voice.ruleFars ?? '',
    // One sentence per run of the model: long texts then need no more memory than their longest sentence.
    maxNumSentences: 1,
  };
}

/** The child's JSON line that starts with `prefix`, and where the line after it begins. */
function findLine(stdout: Buffer, prefix: string, from = 0): { value: Record<string, number>; end: number } | undefined {
  // Only the program's own lines count; a native library may print its own to stdout.
  const start = stdout.indexOf(prefix, from);
  if (start < 0) return undefined;
  const end = stdout.indexOf(10, start);
  if (end < 0) return undefined;
  return { value: JSON.parse(stdout.subarray(start, end).toString('utf8')) as Record<string, number>, end: end + 1 };
}

/** The child's last words, with the voice's folder left out of paths: clients see them, and need no machine paths. */
function failureReason(voice: LocalVoiceModel, result: ProgramResult): string {
  const lines = result.stderr.trim().split('\n').filter((line) => line.trim() !== '');
  const said = lines.slice(-3).join(' ').replaceAll(voice.dir + path.sep, '').replace(/\.$/, '');
  return said || `${result.signal ?? `exit code ${result.code}`}`;
}

async function run(voice: LocalVoiceModel, job: { text?: string; sid?: number; speed?: number }, options: VitsRunOptions & { maxOutputBytes: number }) {
  const result = await runProgram({
    source: vitsProgramSource,
    args: [sherpaOnnxPath('Neural voices')],
    input: Buffer.from(JSON.stringify({ config: ttsConfig(voice, options.numThreads ?? 1), ...job })),
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    maxOutputBytes: options.maxOutputBytes,
    what: 'Speech synthesis',
  });
  const loaded = findLine(result.stdout, '{"loaded":');
  if (!loaded) throw new UnreadableVoiceError(voice.id, failureReason(voice, result));
  return { result, loaded };
}

/** Loads the voice in a child program and reports its rate and speakers; 422 when sherpa-onnx can't load it. */
export async function describeVitsVoice(voice: LocalVoiceModel, options: VitsRunOptions): Promise<VitsVoiceFacts> {
  const { loaded } = await run(voice, {}, { ...options, maxOutputBytes: 64 * 1024 });
  return { sampleRate: loaded.value.sampleRate!, numSpeakers: loaded.value.numSpeakers! };
}

/**
 * Speaks `text` with the voice in a child program (main/audio/runProgram.ts). The child is killed when the
 * signal aborts (the client went away), at the timeout, or past `maxOutputBytes`.
 */
export async function runVitsProgram(
  voice: LocalVoiceModel,
  job: { text: string; sid: number; speed: number },
  options: VitsRunOptions & { maxOutputBytes: number },
): Promise<VitsSpeech> {
  const { result, loaded } = await run(voice, job, options);
  const header = findLine(result.stdout, '{"samples":', loaded.end);
  if (result.code === 0 && header) {
    const count = header.value.samples!;
    if (count === 0) throw cannotSpeak(voice);
    // A copy into an aligned buffer: a Float32Array can't view the output at an odd offset.
    const samples = new Float32Array(count);
    Buffer.from(samples.buffer).set(result.stdout.subarray(header.end, header.end + count * 4));
    return { samples, sampleRate: loaded.value.sampleRate! };
  }
  // sherpa-onnx logs this, then crashes, when a lexicon voice knows none of the words.
  if (/Failed to convert .* to token IDs/s.test(result.stderr)) throw cannotSpeak(voice);
  throw new VitsProgramError(`Speech synthesis with the voice '${voice.id}' failed: ${failureReason(voice, result)}`);
}

function cannotSpeak(voice: LocalVoiceModel): InvalidRequestError {
  const how = voice.lexicon && !voice.dataDir ? ' (its lexicon.txt lists the words it can say)' : '';
  return new InvalidRequestError(`The voice '${voice.id}' found nothing it can pronounce in this text${how}. Use words in its language, or another voice.`, {
    param: 'input',
  });
}
