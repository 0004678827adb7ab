import { createRequire } from 'node:module';
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { maxSpeechInputChars, type SpeechVoicesResponse } from '../../../common/api/speech.js';
import { AbortedError, InvalidRequestError } from '../../../common/errors.js';
import { encodeSpeech, speechMimeTypes, type SpeechEncoding } from './encodeSpeech.js';
import { espeakProgramSource } from './espeakProgram.js';
import { parseEspeakVoiceTable, toLocalVariants, toLocalVoices, type LocalVoice } from './espeakVoices.js';
import { openAiVoiceAliases } from './openAiVoices.js';
import { resolveVoice, type VoiceCatalog, type VoiceChoice } from './resolveVoice.js';
import { runProgramForOutput } from '../runProgram.js';
import { ProgramGate } from '../ProgramGate.js';

export interface SpeakRequest extends VoiceChoice {
  text: string;
  /** Multiplier of espeak-ng's 175 words a minute, 0.25–4; espeak-ng itself speaks 80–450. */
  speed?: number | null;
  /** LoLLMs' pitch multiplier of espeak-ng's middle pitch (50 of 0–99). */
  pitch?: number | null;
  format: SpeechEncoding;
  signal?: AbortSignal;
}

export interface SpokenAudio {
  audio: Buffer;
  mimeType: string;
  /** The local voice that spoke, as `voice+variant`. */
  voice: string;
  /** The engine that spoke it. */
  engine: 'espeak-ng';
}

export interface SpeechServiceOptions {
  /** Syntheses at once; default: the cores, at most 4. */
  maxConcurrent?: number;
  /** Requests that may wait for a slot; default 16. */
  maxQueued?: number;
  /** Per child program; default 60 s. */
  timeoutMs?: number;
}

const defaultWordsPerMinute = 175;
const require = createRequire(import.meta.url);

/** Text to speech on espeak-ng, run as a separate program (espeakProgram.ts), then encoded (encodeSpeech.ts). */
export class SpeechService {
  private catalog: Promise<VoiceCatalog> | undefined;
  private readonly gate: ProgramGate;
  private readonly timeoutMs: number;
  private readonly espeakUrl = pathToFileURL(require.resolve('espeak-ng')).href;

  constructor(options: SpeechServiceOptions = {}) {
    this.gate = new ProgramGate(
      options.maxConcurrent ?? Math.max(1, Math.min(4, os.availableParallelism())),
      options.maxQueued ?? 16,
      (active, waiting) => `The speech engine is busy with ${active} requests and ${waiting} waiting; try again shortly.`,
    );
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  /** espeak-ng's voices and variants, with OpenAI's names first; read from espeak-ng once, then kept. */
  async voices(signal?: AbortSignal): Promise<SpeechVoicesResponse> {
    const { voices, variants } = await this.loadCatalog(signal);
    const byId = new Map(voices.map((voice) => [voice.id, voice]));
    const aliases = openAiVoiceAliases.flatMap((alias) => {
      const voice = byId.get(alias.voice);
      if (!voice) return [];
      const aliasOf = alias.variant ? `${voice.id}+${alias.variant}` : voice.id;
      const gender = variants.find((variant) => variant.id === alias.variant)?.gender ?? voice.gender;
      return [{ id: alias.id, name: alias.name, language: voice.language, languages: voice.languages, gender, engine: 'espeak-ng' as const, alias_of: aliasOf }];
    });
    const strip = ({ espeakName: _file, languagePriorities: _priorities, ...info }: LocalVoice) => info;
    return {
      object: 'list',
      voices: [...aliases, ...voices.map(strip)],
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
