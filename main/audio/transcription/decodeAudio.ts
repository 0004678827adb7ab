import wavefile from 'wavefile';
import { InvalidRequestError } from '../../../common/errors.js';

/** Mono samples in [-1, 1] at the file's own rate; the engine resamples to what its model wants. */
export interface DecodedAudio {
  samples: Float32Array;
  sampleRate: number;
  durationSeconds: number;
}

/** Containers told apart by their first bytes, so a client sending one Hearth can't decode hears which. */
const signatures: { name: string; matches: (head: Uint8Array) => boolean }[] = [
  { name: 'WAV', matches: (h) => ascii(h, 0, 4) === 'RIFF' || ascii(h, 0, 4) === 'RIFX' || ascii(h, 0, 4) === 'RF64' },
  { name: 'MP3', matches: (h) => ascii(h, 0, 3) === 'ID3' || (h[0] === 0xff && (h[1]! & 0xe0) === 0xe0) },
  { name: 'Ogg (Opus or Vorbis)', matches: (h) => ascii(h, 0, 4) === 'OggS' },
  { name: 'FLAC', matches: (h) => ascii(h, 0, 4) === 'fLaC' },
  { name: 'WebM', matches: (h) => h[0] === 0x1a && h[1] === 0x45 && h[2] === 0xdf && h[3] === 0xa3 },
  { name: 'MP4/M4A', matches: (h) => ascii(h, 4, 8) === 'ftyp' },
];

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

/** The container an upload is in, from its bytes (not its name, which clients often get wrong); null when unknown. */
export function audioContainerOf(audio: Uint8Array): string | null {
  return signatures.find((signature) => signature.matches(audio))?.name ?? null;
}

// WAVE format tags (RFC 2361) that wavefile can turn into linear samples.
const alaw = 6;
const mulaw = 7;
const imaAdpcm = 17;

/**
 * Scales samples as wavefile reads them (integers of the stored depth) into [-1, 1], in place. wavefile's own
 * toBitDepth('32f') does this too, but about 40 times slower: seconds for a minute of audio, on the event loop.
 */
function toUnitRange(samples: Float32Array, bitDepth: string): Float32Array {
  if (bitDepth === '32f' || bitDepth === '64') return samples;
  const bits = Number.parseInt(bitDepth, 10);
  if (!(bits >= 2 && bits <= 53)) throw new Error(`unsupported bit depth ${bitDepth}`);
  // WAV stores 8 bits and fewer unsigned, around a midpoint; more bits signed.
  const offset = bits <= 8 ? 2 ** (bits - 1) : 0;
  const scale = 1 / 2 ** (bits - 1);
  for (let i = 0; i < samples.length; i++) samples[i] = (samples[i]! - offset) * scale;
  return samples;
}

/** 16-bit little-endian PCM, what most recorders write, read straight from its bytes (wavefile unpacks sample by sample). */
function pcm16(wav: InstanceType<typeof wavefile.WaveFile>): Float32Array {
  const bytes = (wav as unknown as { data: { samples: Uint8Array } }).data.samples;
  const aligned = bytes.byteOffset % 2 === 0 ? bytes : bytes.slice();
  const ints = new Int16Array(aligned.buffer, aligned.byteOffset, aligned.byteLength >> 1);
  const samples = new Float32Array(ints.length);
  for (let i = 0; i < ints.length; i++) samples[i] = ints[i]! / 32768;
  return samples;
}

/**
 * Decodes a WAV upload (PCM 8–64 bit, float, A-law, µ-law, IMA ADPCM; RIFF, RIFX or RF64) to mono float
 * samples, the channels averaged. Other containers are refused with a 400 that names the container: the
 * local engine has no decoder for them (a binding's upstream may, so only the local path decodes).
 */
export function decodeWav(audio: Uint8Array, filename: string): DecodedAudio {
  const container = audioContainerOf(audio);
  if (container !== 'WAV') {
    const what = container ? `${container} audio` : 'not audio Hearth recognizes';
    throw new InvalidRequestError(`'${filename}' is ${what}; Hearth's local Whisper reads WAV files only. Convert it (e.g. ffmpeg -i input -ar 16000 -ac 1 output.wav) or use a model a binding serves.`, {
      param: 'file',
      code: 'unsupported_audio_format',
    });
  }
  let wav: InstanceType<typeof wavefile.WaveFile>;
  let interleaved: Float32Array;
  try {
    wav = new wavefile.WaveFile(audio);
    const format = wav.fmt as { audioFormat: number };
    if (format.audioFormat === alaw) wav.fromALaw();
    else if (format.audioFormat === mulaw) wav.fromMuLaw();
    else if (format.audioFormat === imaAdpcm) wav.fromIMAADPCM();
    interleaved = wav.container === 'RIFF' && wav.bitDepth === '16' ? pcm16(wav) : toUnitRange(wav.getSamples(true, Float32Array) as unknown as Float32Array, wav.bitDepth);
  } catch (error) {
    throw new InvalidRequestError(`'${filename}' is not a WAV file Hearth can read: ${(error as Error).message}`, { param: 'file', code: 'invalid_audio', cause: error });
  }
  const { numChannels, sampleRate } = wav.fmt as { numChannels: number; sampleRate: number };
  if (!(sampleRate > 0) || !(numChannels > 0)) throw new InvalidRequestError(`'${filename}' has no sample rate or channels in its header.`, { param: 'file', code: 'invalid_audio' });
  const frames = Math.floor(interleaved.length / numChannels);
  if (frames === 0) throw new InvalidRequestError(`'${filename}' holds no audio samples.`, { param: 'file', code: 'invalid_audio' });
  const samples = new Float32Array(frames);
  for (let frame = 0; frame < frames; frame++) {
    let sum = 0;
    for (let channel = 0; channel < numChannels; channel++) sum += interleaved[frame * numChannels + channel]!;
    samples[frame] = sum / numChannels;
  }
  return { samples, sampleRate, durationSeconds: frames / sampleRate };
}
