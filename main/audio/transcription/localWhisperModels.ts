import path from 'node:path';
import { findModelFolders } from '../../library/modelFolders.js';

/** A Whisper model in sherpa-onnx's layout: a folder in the models folder with its encoder, decoder and tokens. */
export interface LocalWhisperModel {
  /** The folder's name, which clients pass as `model`. */
  id: string;
  encoder: string;
  decoder: string;
  tokens: string;
  /** `.en` models know only English: no language choice, no translation. */
  isEnglishOnly: boolean;
}

const modelFile = /^(?<prefix>.+)-(?<part>encoder|decoder)(?<int8>\.int8)?\.onnx$/;

/**
 * The Whisper model in one folder, or null: `<prefix>-encoder[.int8].onnx`, `<prefix>-decoder[.int8].onnx`
 * and `<prefix>-tokens.txt`, as sherpa-onnx's release archives lay them out (`tiny-encoder.int8.onnx`…).
 * The int8 files are preferred when both are there: a quarter of the size, and faster on a CPU.
 */
export function whisperModelIn(id: string, dir: string, names: readonly string[]): LocalWhisperModel | null {
  const byPrefix = new Map<string, { encoder?: string; decoder?: string; encoderInt8?: string; decoderInt8?: string }>();
  for (const name of names) {
    const match = modelFile.exec(name);
    if (!match?.groups) continue;
    const { prefix, part, int8 } = match.groups as { prefix: string; part: 'encoder' | 'decoder'; int8?: string };
    const entry = byPrefix.get(prefix) ?? {};
    entry[int8 ? (`${part}Int8` as const) : part] = name;
    byPrefix.set(prefix, entry);
  }
  for (const [prefix, files] of [...byPrefix].sort(([a], [b]) => a.localeCompare(b))) {
    const encoder = files.encoderInt8 ?? files.encoder;
    const decoder = files.decoderInt8 ?? files.decoder;
    const tokens = `${prefix}-tokens.txt`;
    if (!encoder || !decoder || !names.includes(tokens)) continue;
    return {
      id,
      encoder: path.join(dir, encoder),
      decoder: path.join(dir, decoder),
      tokens: path.join(dir, tokens),
      isEnglishOnly: /\.en$/i.test(prefix),
    };
  }
  return null;
}

/** Every Whisper model folder directly inside the models folder, by id. */
export function findLocalWhisperModels(modelsDir: string): Promise<LocalWhisperModel[]> {
  return findModelFolders(modelsDir, whisperModelIn);
}
