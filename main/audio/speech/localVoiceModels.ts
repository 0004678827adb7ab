import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { findModelFolders } from '../../library/modelFolders.js';

/**
 * A VITS voice (Piper's among them) in sherpa-onnx's layout: a folder in the models folder with one model,
 * its tokens.txt, and what turns text into those tokens — Piper's espeak-ng-data/, or a lexicon.txt.
 */
export interface LocalVoiceModel {
  /** The folder's name, which clients pass as `voice`. */
  id: string;
  dir: string;
  model: string;
  tokens: string;
  /** Piper's phonemizer data (sherpa-onnx's `vits.dataDir`). */
  dataDir?: string;
  lexicon?: string;
  /** Text-normalizing rules shipped beside some models (dates, numbers), as sherpa-onnx's `ruleFsts`. */
  ruleFsts?: string;
  ruleFars?: string;
  /** From Piper's `<model>.onnx.json`, when the folder has one. */
  piper?: PiperVoiceConfig;
}

/** The parts of Piper's voice config Hearth shows; the rest is for Piper's own runtime. */
const piperVoiceConfig = z.object({
  language: z.object({ code: z.string().optional(), name_english: z.string().optional() }).partial().optional(),
  espeak: z.object({ voice: z.string().optional() }).optional(),
  num_speakers: z.number().int().optional(),
  speaker_id_map: z.record(z.string(), z.number().int()).optional(),
  dataset: z.string().optional(),
});
export type PiperVoiceConfig = z.infer<typeof piperVoiceConfig>;

const dataDirName = 'espeak-ng-data';

/**
 * The model file among `names`: sherpa-onnx's Piper folders hold one (`en_US-amy-low.onnx`), other VITS
 * folders `model.onnx` and sometimes its int8 twin; the full-precision one is chosen, as int8 VITS audibly
 * loses quality where int8 Whisper barely does.
 */
function pickModelFile(names: readonly string[]): string | undefined {
  const models = names.filter((name) => name.endsWith('.onnx')).sort();
  return models.find((name) => !/\.(int8|fp16)\.onnx$/.test(name)) ?? models[0];
}

/**
 * The voice in one folder, or null. Besides a model and tokens.txt it needs espeak-ng-data/ or lexicon.txt,
 * or a name starting with `vits-` (sherpa-onnx's release names; its character-based voices have neither): a
 * bare model and tokens.txt is also what many speech-recognition folders hold. Whisper folders name their
 * tokens `<prefix>-tokens.txt` and are never voices.
 */
export async function voiceModelIn(id: string, dir: string, names: readonly string[]): Promise<LocalVoiceModel | null> {
  const model = pickModelFile(names);
  if (!model || !names.includes('tokens.txt')) return null;
  const dataDir = names.includes(dataDirName) ? path.join(dir, dataDirName) : undefined;
  const lexicon = names.includes('lexicon.txt') ? path.join(dir, 'lexicon.txt') : undefined;
  if (!dataDir && !lexicon && !id.toLowerCase().startsWith('vits-')) return null;
  const rules = (extension: string) =>
    names
      .filter((name) => name.endsWith(extension))
      .sort()
      .map((name) => path.join(dir, name))
      .join(',') || undefined;
  return {
    id,
    dir,
    model: path.join(dir, model),
    tokens: path.join(dir, 'tokens.txt'),
    dataDir,
    lexicon,
    ruleFsts: rules('.fst'),
    ruleFars: rules('.far'),
    piper: names.includes(`${model}.json`) ? await readPiperConfig(path.join(dir, `${model}.json`)) : undefined,
  };
}

/** Piper's config, or undefined when it can't be read: it only names speakers and the language. */
async function readPiperConfig(file: string): Promise<PiperVoiceConfig | undefined> {
  try {
    const parsed = piperVoiceConfig.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Every voice folder directly inside the models folder, by id. */
export function findLocalVoiceModels(modelsDir: string): Promise<LocalVoiceModel[]> {
  return findModelFolders(modelsDir, voiceModelIn);
}

/** The language tag a voice speaks (`en-us`), from Piper's config; other VITS folders don't say. */
export function voiceLanguage(voice: LocalVoiceModel): string | undefined {
  const code = voice.piper?.language?.code ?? voice.piper?.espeak?.voice;
  return code ? code.toLowerCase().replaceAll('_', '-') : undefined;
}

/** Speaker names by speaker id, from Piper's map; ids without a name are named by their number. */
export function speakerNames(voice: LocalVoiceModel, count: number): string[] {
  const names = Array.from({ length: count }, (_, sid) => String(sid));
  for (const [name, sid] of Object.entries(voice.piper?.speaker_id_map ?? {})) if (sid >= 0 && sid < count) names[sid] = name;
  return names;
}
