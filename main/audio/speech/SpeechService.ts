import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { maxSpeechInputChars, type SpeechEngine, type SpeechVoicesResponse } from '../../../common/api/speech.js';
import { AbortedError, InvalidRequestError } from '../../../common/errors.js';
import { encodeSpeech, speechMimeTypes, wavFromSamples, type SpeechEncoding } from './encodeSpeech.js';
import { espeakProgramSource } from './espeakProgram.js';
import { parseEspeakVoiceTable, toLocalVariants, toLocalVoices, type LocalVoice } from './espeakVoices.js';
import { openAiVoiceAliases } from './openAiVoices.js';
import { resolveVoice, type VoiceCatalog, type VoiceChoice } from './resolveVoice.js';
import { NeuralVoices } from './NeuralVoices.js';
import { aliasSlots, neuralAliasInfos, neuralVoiceInfos, pickName, resolveNeuralVoice, type NeuralPick } from './resolveNeuralVoice.js';
import { runVitsProgram } from './runVitsProgram.js';
import { runProgramForOutput } from '../runProgram.js';
import { ProgramGate } from '../ProgramGate.js';

export interface SpeakRequest extends VoiceChoice {
  text: string;
  /** Multiplier of the voice's own pace, 0.25–4 (espeak-ng's 175 words a minute, clamped to its 80–450). */
  speed?: number | null;
  /** LoLLMs' pitch multiplier of espeak-ng's middle pitch (50 of 0–99); neural voices have no pitch control and ignore it. */
  pitch?: number | null;
  format: SpeechEncoding;
  signal?: AbortSignal;
}

export interface SpokenAudio {
  audio: Buffer;
  mimeType: string;
  /** The local voice that spoke, as `voice+variant` (espeak-ng) or `voice+speaker` (a multi-speaker neural voice). */
  voice: string;
  /** The engine that spoke it. */
  engine: SpeechEngine;
}

export interface SpeechServiceOptions {
  /** Syntheses at once; default: the cores, at most 4. */
  maxConcurrent?: number;
  /** Requests that may wait for a slot; default 16. */
  maxQueued?: number;
  /** Per child program; default 60 s (a neural voice gets more for long texts). */
  timeoutMs?: number;
  /** The models folder, where neural voice folders are found; without it only espeak-ng speaks. */
  modelsDir?: () => string;
}

const defaultWordsPerMinute = 175;
const require = createRequire(import.meta.url);

/**
 * Text to speech: neural (VITS/Piper) voice folders through sherpa-onnx (runVitsProgram.ts) when the request
 * names one, or names OpenAI's voices while one is there; else espeak-ng (espeakProgram.ts). Each runs as a
 * separate program; the audio is then encoded (encodeSpeech.ts).
 */
export class SpeechService {
  private catalog: Promise<VoiceCatalog> | undefined;
  private readonly gate: ProgramGate;
  private readonly timeoutMs: number;
  private readonly neural: NeuralVoices | undefined;
  /** sherpa-onnx threads per synthesis: the cores shared among the syntheses that may run at once. */
  private readonly neuralThreads: number;
  private readonly espeakUrl = pathToFileURL(require.resolve('espeak-ng')).href;

  constructor(options: SpeechServiceOptions = {}) {
    const running = options.maxConcurrent ?? Math.max(1, Math.min(4, os.availableParallelism()));
    this.gate = new ProgramGate(running, options.maxQueued ?? 16, (active, waiting) => `The speech engine is busy with ${active} requests and ${waiting} waiting; try again shortly.`);
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.neural = options.modelsDir ? new NeuralVoices(options.modelsDir, this.timeoutMs) : undefined;
    this.neuralThreads = Math.max(1, Math.floor(os.availableParallelism() / running));
  }

  /**
   * OpenAI's names first (standing for neural voices when one works, else espeak-ng's), then the neural voice
   * folders, then espeak-ng's voices and variants. espeak-ng's are read once and kept; the folders each time.
   */
  async voices(signal?: AbortSignal): Promise<SpeechVoicesResponse> {
    const [{ voices, variants }, neural] = await Promise.all([this.loadCatalog(signal), this.neural?.list(signal) ?? []]);
    const byId = new Map(voices.map((voice) => [voice.id, voice]));
    const neuralAliases = neuralAliasInfos(aliasSlots(neural));
    const aliases = neuralAliases.length > 0 ? neuralAliases : openAiVoiceAliases.flatMap((alias) => {
      const voice = byId.get(alias.voice);
      if (!voice) return [];
      const aliasOf = alias.variant ? `${voice.id}+${alias.variant}` : voice.id;
      const gender = variants.find((variant) => variant.id === alias.variant)?.gender ?? voice.gender;
      return [{ id: alias.id, name: alias.name, language: voice.language, languages: voice.languages, gender, engine: 'espeak-ng' as const, alias_of: aliasOf }];
    });
    const strip = ({ espeakName: _file, languagePriorities: _priorities, ...info }: LocalVoice) => info;
    return {
      object: 'list',
      voices: [...aliases, ...neuralVoiceInfos(neural), ...voices.map(strip)],
      variants: variants.map(({ espeakName: _file, ...info }) => info),
    };
  }

  async speak(request: SpeakRequest): Promise<SpokenAudio> {
    if (request.text.length > maxSpeechInputChars) {
      throw new InvalidRequestError(`The text to speak is ${request.text.length} characters long; at most ${maxSpeechInputChars} fit one request. Split it into parts.`, {
        param: 'input',
        code: 'string_above_max_length',
      });
    }
    const neural = resolveNeuralVoice((await this.neural?.list(request.signal)) ?? [], request);
    if (neural) return this.speakNeural(neural, request);
    const catalog = await this.loadCatalog(request.signal);
    const { voice, variant } = resolveVoice(catalog, request);
    const release = await this.gate.acquire(request.signal);
    try {
      const wordsPerMinute = Math.round(Math.min(450, Math.max(80, defaultWordsPerMinute * (request.speed ?? 1))));
      const options = ['-v', variant ? `${voice.espeakName}+${variant.espeakName}` : voice.espeakName, '-s', String(wordsPerMinute)];
      if (request.pitch != null) options.push('-p', String(Math.round(Math.min(99, Math.max(0, 50 * request.pitch)))));
      const wav = await runProgramForOutput({
        what: 'Speech synthesis',
        source: espeakProgramSource,
        args: [this.espeakUrl, ...options],
        input: Buffer.from(request.text, 'utf8'),
        signal: request.signal,
        timeoutMs: this.timeoutMs,
        // 4096 characters at espeak's slowest rate are under 10 minutes of 22 kHz 16-bit audio (~26 MB).
        maxOutputBytes: 64 * 1024 * 1024,
      });
      const audio = await encodeSpeech(wav, request.format, { signal: request.signal, timeoutMs: this.timeoutMs });
      return { audio, mimeType: speechMimeTypes[request.format], voice: variant ? `${voice.id}+${variant.id}` : voice.id, engine: 'espeak-ng' };
    } finally {
      release();
    }
  }

  private async speakNeural(pick: NeuralPick, request: SpeakRequest): Promise<SpokenAudio> {
    const speed = request.speed ?? 1;
    const release = await this.gate.acquire(request.signal);
    try {
      // A neural voice is slower than espeak-ng: allow about 40 ms a character on a slow CPU, and the output
      // of 0.2 s a character (at 48 kHz float32), well past any voice's pace.
      const speech = await runVitsProgram(
        pick.voice.model,
        { text: request.text, sid: pick.sid, speed },
        {
          signal: request.signal,
          timeoutMs: Math.max(this.timeoutMs, 30_000 + 40 * request.text.length),
          maxOutputBytes: Math.ceil((2 + (0.2 * request.text.length) / speed) * 48_000 * 4) + 4096,
          numThreads: this.neuralThreads,
        },
      );
      const audio = await encodeSpeech(wavFromSamples(speech.samples, speech.sampleRate), request.format, { signal: request.signal, timeoutMs: this.timeoutMs });
      return { audio, mimeType: speechMimeTypes[request.format], voice: pickName(pick), engine: 'sherpa-onnx' };
    } finally {
      release();
    }
  }

  private loadCatalog(signal?: AbortSignal): Promise<VoiceCatalog> {
    this.catalog ??= this.readCatalog().catch((error: unknown) => {
      // Not cached: a failure (a killed child, a slow disk) may pass.
      this.catalog = undefined;
      throw error;
    });
    if (!signal) return this.catalog;
    if (signal.aborted) return Promise.reject(new AbortedError());
    // One caller leaving doesn't stop the reading the others wait for.
    return Promise.race([this.catalog, new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(new AbortedError()), { once: true }))]);
  }

  private async readCatalog(): Promise<VoiceCatalog> {
    const list = (which: string) =>
      runProgramForOutput({ what: 'Listing voices', source: espeakProgramSource, args: [this.espeakUrl, which], timeoutMs: this.timeoutMs, maxOutputBytes: 1024 * 1024 }).then((table) =>
        parseEspeakVoiceTable(table.toString('utf8')),
      );
    const [languages, variants] = await Promise.all([list('--voices'), list('--voices=variant')]);
    return { voices: toLocalVoices(languages), variants: toLocalVariants(variants) };
  }
}
