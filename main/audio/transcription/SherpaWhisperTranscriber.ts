import os from 'node:os';
import { InvalidRequestError } from '../../../common/errors.js';
import { ProgramGate } from '../ProgramGate.js';
import type { Transcriber, TranscriptionInput, TranscriptionResult } from '../transcriber.js';
import { decodeWav } from './decodeAudio.js';
import type { LocalWhisperModel } from './localWhisperModels.js';
import { runWhisperProgram } from './runWhisperProgram.js';

/**
 * Whisper reads at most 30 s at a time; longer audio is cut into windows, each one segment. A cut can split
 * a word: a voice-activity detector would cut at pauses, but needs a model of its own.
 */
const windowSeconds = 29;
/** Requests running or waiting at once, per model (one runs); each holds its audio in memory while it waits. */
const maxWaiting = 8;

/**
 * Whisper through sherpa-onnx on the CPU, for one model folder, in a child process per request (see
 * whisperProgram.ts for why). Requests run one at a time: each uses every core it is given.
 */
export class SherpaWhisperTranscriber implements Transcriber {
  private readonly gate: ProgramGate;

  constructor(readonly model: LocalWhisperModel, private readonly numThreads = Math.max(1, Math.min(4, os.availableParallelism()))) {
    this.gate = new ProgramGate(1, maxWaiting - 1, () => `The local Whisper model '${model.id}' has ${maxWaiting} transcriptions waiting; try again shortly.`, 10);
  }

  async transcribe(input: TranscriptionInput, signal?: AbortSignal): Promise<TranscriptionResult> {
    // Decoded before waiting in the queue, so a file Hearth can't read is refused at once.
    const audio = decodeWav(input.audio, input.filename);
    if (this.model.isEnglishOnly && input.task === 'translate') {
      throw new InvalidRequestError(`The model '${this.model.id}' knows only English and can't translate; use a multilingual Whisper model.`, { param: 'model' });
    }
    // English-only models take no language; for the others an empty one means "detect".
    const language = this.model.isEnglishOnly ? '' : (input.language ?? '');
    const release = await this.gate.acquire(signal);
    let windows: Awaited<ReturnType<typeof runWhisperProgram>>;
    try {
      windows = await runWhisperProgram({
        modelId: this.model.id,
        config: {
          featConfig: { sampleRate: 16000, featureDim: 80 },
          modelConfig: {
            whisper: { encoder: this.model.encoder, decoder: this.model.decoder, language, task: input.task },
            tokens: this.model.tokens,
            numThreads: this.numThreads,
            provider: 'cpu',
            debug: 0,
          },
        },
        samples: audio.samples,
        sampleRate: audio.sampleRate,
        windowSeconds,
        signal,
        // Generous for a slow CPU: a minute to load, then three times the audio's length.
        timeoutMs: 60_000 + 3_000 * audio.durationSeconds,
      });
    } finally {
      release();
    }
    const spoken = windows.filter((window) => window.text.trim() !== '');
    const detected = windows.find((window) => window.lang)?.lang;
    return {
      text: spoken.map((window) => window.text.trim()).join(' '),
      language: input.language ?? detected ?? (this.model.isEnglishOnly ? 'en' : undefined),
      durationSeconds: audio.durationSeconds,
      segments: spoken.map((window, id) => ({ id, start: window.start, end: window.end, text: window.text })),
    };
  }
}
