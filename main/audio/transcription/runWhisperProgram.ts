import { sherpaOnnxPath } from '../sherpaOnnx.js';
import { HearthError, InvalidRequestError, UnreadableModelError } from '../../../common/errors.js';
import { runProgram } from '../runProgram.js';
import { whisperProgramSource } from './whisperProgram.js';

/** sherpa-onnx's recognizer settings for a Whisper model (its OfflineRecognizerConfig). */
export interface WhisperConfig {
  featConfig: { sampleRate: number; featureDim: number };
  modelConfig: {
    whisper: { encoder: string; decoder: string; language: string; task: 'transcribe' | 'translate' };
    tokens: string;
    numThreads: number;
    provider: 'cpu';
    debug: 0 | 1;
  };
}

export interface WhisperWindow {
  start: number;
  end: number;
  text: string;
  lang: string;
}

export interface WhisperRun {
  modelId: string;
  config: WhisperConfig;
  samples: Float32Array;
  sampleRate: number;
  windowSeconds: number;
  signal?: AbortSignal;
  timeoutMs: number;
}

/** Whisper failed after its model loaded: a bug or a broken install, so a 500 with the child's last words. */
export class WhisperProgramError extends HearthError {
  constructor(message: string) {
    super(500, 'server_error', message);
  }
}

/**
 * Runs whisperProgram.ts in a fresh Node process (main/audio/runProgram.ts) over the samples and resolves
 * with each window's text. A child that dies before its model loaded means model files sherpa-onnx can't
 * use: 422 naming the model. The child is killed when the signal aborts (the client went away) or at the timeout.
 */
export async function runWhisperProgram(run: WhisperRun): Promise<WhisperWindow[]> {
  const header = Buffer.from(`${JSON.stringify({ config: run.config, sampleRate: run.sampleRate, windowSeconds: run.windowSeconds })}\n`);
  const samples = Buffer.from(run.samples.buffer, run.samples.byteOffset, run.samples.byteLength);
  const result = await runProgram({
    source: whisperProgramSource,
    args: [sherpaOnnxPath('The local Whisper engine')],
    input: Buffer.concat([header, samples]),
    signal: run.signal,
    timeoutMs: run.timeoutMs,
    maxOutputBytes: 16 * 2 ** 20,
    what: 'Transcription',
  });
  const windows: WhisperWindow[] = [];
  let loaded = false;
  for (const line of result.stdout.toString('utf8').split('\n')) {
    // Only the program's own JSON lines count; anything else a native library prints there is skipped.
    let message: WhisperWindow | { loaded: true };
    try {
      message = JSON.parse(line) as WhisperWindow | { loaded: true };
    } catch {
      continue;
    }
    if ('loaded' in message) loaded = true;
    else if (typeof message.text === 'string') windows.push(message);
  }
  if (result.code === 0) return windows;
  const why = result.stderr.trim().split('\n').slice(-3).join(' ') || `${result.signal ?? `exit code ${result.code}`}`;
  // sherpa-onnx ends the process on a language the model doesn't have, rather than throwing.
  const language = /Invalid language: (\S+)/.exec(result.stderr)?.[1];
  if (language) throw new InvalidRequestError(`The Whisper model '${run.modelId}' doesn't know the language '${language}'; leave language out to detect it.`, { param: 'language' });
  if (!loaded) throw new UnreadableModelError(run.modelId, `sherpa-onnx could not load its Whisper files (${why})`);
  throw new WhisperProgramError(`Whisper failed on this audio: ${why}`);
}
