import { createRequire } from 'node:module';
import wavefile from 'wavefile';
import { InvalidRequestError } from '../../../common/errors.js';
import { encoderProgramSource } from './encoderProgram.js';
import { runProgramForOutput } from '../runProgram.js';

/** What Hearth encodes, and the Content-Type of each. */
export const speechMimeTypes = {
  mp3: 'audio/mpeg',
  // Ogg is the container (RFC 7845); browsers play `audio/ogg`, not OpenAI's bare `audio/opus`.
  opus: 'audio/ogg; codecs=opus',
  flac: 'audio/flac',
  wav: 'audio/wav',
  // OpenAI's pcm: raw 24 kHz signed 16-bit little-endian mono, no header.
  pcm: 'audio/pcm; rate=24000; channels=1; encoding=signed-int; bits=16',
} as const;
export type SpeechEncoding = keyof typeof speechMimeTypes;

export function isSpeechEncoding(format: string): format is SpeechEncoding {
  return Object.hasOwn(speechMimeTypes, format);
}

/** A format the request named that no well-kept encoder here can write, as a 400 naming the supported ones. */
export function unsupportedFormatError(format: string, param: string): InvalidRequestError {
  const supported = Object.keys(speechMimeTypes).join(', ');
  return new InvalidRequestError(`Hearth can't encode speech as ${format}: no well-kept ${format} encoder runs here offline. Use one of ${supported}.`, {
    param,
    code: 'unsupported_value',
  });
}

const require = createRequire(import.meta.url);
let encoderPaths: string | undefined;
/** Resolved here, where node_modules is known, and passed on: the child runs from `-e` and has no folder. */
function resolveEncoderPaths(): string {
  encoderPaths ??= JSON.stringify({
    mp3: require.resolve('wasm-media-encoders'),
    opus: require.resolve('opus-encdec/dist/libopus-encoder.wasm.js'),
    oggOpus: require.resolve('opus-encdec/src/oggOpusEncoder.js'),
    flac: require.resolve('libflacjs/dist/libflac.js'),
  });
  return encoderPaths;
}

export interface EncodeOptions {
  signal?: AbortSignal;
  timeoutMs: number;
}

/** Float samples in [-1, 1] (a neural voice's output) as a 16-bit mono WAV, what encodeSpeech takes. */
export function wavFromSamples(samples: Float32Array, sampleRate: number): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, sampleRate, '16', Int16Array.from(samples, (sample) => Math.max(-32768, Math.min(32767, Math.round(sample * 32767)))));
  return wav.toBuffer();
}

/** A 16-bit mono WAV (espeak-ng's, or wavFromSamples') as the asked format: WAV as it is, the others through the encoder program. */
export async function encodeSpeech(wav: Uint8Array, format: SpeechEncoding, options: EncodeOptions): Promise<Buffer> {
  if (format === 'wav') return Buffer.from(wav);
  const wave = new wavefile.WaveFile(wav);
  const fmt = wave.fmt as { sampleRate: number; numChannels: number; bitsPerSample: number };
  if (fmt.numChannels !== 1 || fmt.bitsPerSample !== 16) throw new Error(`Expected 16-bit mono speech, got ${fmt.bitsPerSample}-bit with ${fmt.numChannels} channels.`);
  const samples = (wave.data as { samples: Uint8Array }).samples;
  return runProgramForOutput({
    what: 'Speech encoding',
    source: encoderProgramSource,
    args: [format, String(fmt.sampleRate), resolveEncoderPaths()],
    input: samples,
    signal: options.signal,
    timeoutMs: options.timeoutMs,
    // Compressed speech is smaller than its PCM; pcm at 24 kHz is 24000/22050 of it, plus the resampler's slack.
    maxOutputBytes: samples.byteLength * 2 + 64 * 1024,
  });
}
