/**
 * A neural voice for the local engine (a Piper voice in sherpa-onnx's layout), as Hearth suggests it. Its
 * shape follows the download queue's folder catalogs (main/downloads/folderCatalog.ts) without importing it;
 * main/library/folderCatalogs.ts registers the list as `voice:<id>` for text to speech.
 */
export interface VoiceCatalogEntry {
  /** The folder it unpacks to inside the models folder, which is also its voice id. */
  id: string;
  name: string;
  /** BCP 47-like tag, lower case, as the voice listing shows it. */
  language: string;
  /** 1 for a single-speaker voice. */
  speakers: number;
  /** Hz. */
  sampleRate: number;
  /** sherpa-onnx's release archive (.tar.bz2) that holds the folder. */
  archiveUrl: string;
  /** The same folder on Hugging Face, for fetching its files one by one. */
  huggingFaceRepo: string;
  /**
   * What to fetch from that repo, relative to its root; a name ending in `/` is a folder, fetched whole.
   * Together they make a folder localVoiceModels.ts finds.
   */
  files: readonly string[];
  approxSizeBytes: number;
  description: string;
  /** Of a repo's or folder's top-level names, `files` (folders without their `/`) when all are there, else null. */
  pickFiles(names: readonly string[]): string[] | null;
}

/** Piper's phonemizer data that every Piper voice folder holds its own copy of (about 18 MB). */
const espeakData = 'espeak-ng-data/';

/** A Piper voice as sherpa-onnx publishes it: `vits-piper-<name>` with `<name>.onnx`, its config and tokens. */
function piperVoice(name: string, entry: Omit<VoiceCatalogEntry, 'id' | 'archiveUrl' | 'huggingFaceRepo' | 'files' | 'pickFiles'>): VoiceCatalogEntry {
  const id = `vits-piper-${name}`;
  const files = [`${name}.onnx`, `${name}.onnx.json`, 'tokens.txt', espeakData];
  const topLevel = files.map((file) => file.replace(/\/$/, ''));
  return {
    id,
    ...entry,
    archiveUrl: `https://github.com/k2-fsa/sherpa-onnx/releases/download/tts-models/${id}.tar.bz2`,
    huggingFaceRepo: `csukuangfj/${id}`,
    files,
    pickFiles: (names) => (topLevel.every((file) => names.includes(file)) ? topLevel : null),
  };
}

/**
 * The neural voices Hearth suggests, smallest first. Each voice's dataset has its own licence, named in
 * the voice's MODEL_CARD (in the archive); the runtime, sherpa-onnx, is Apache-2.0.
 */
export const voiceCatalog: readonly VoiceCatalogEntry[] = [
  piperVoice('en_US-amy-low', {
    name: 'Amy (English, US)',
    language: 'en-us',
    speakers: 1,
    sampleRate: 16000,
    approxSizeBytes: 0.081e9,
    description: 'A clear female American voice; 16 kHz, fast on any CPU.',
  }),
  piperVoice('de_DE-thorsten-medium', {
    name: 'Thorsten (German)',
    language: 'de-de',
    speakers: 1,
    sampleRate: 22050,
    approxSizeBytes: 0.081e9,
    description: 'A natural male German voice, trained on a public-domain (CC0) dataset.',
  }),
  piperVoice('en_GB-vctk-medium', {
    name: 'VCTK (English, UK, 109 speakers)',
    language: 'en-gb',
    speakers: 109,
    sampleRate: 22050,
    approxSizeBytes: 0.095e9,
    description: "109 British English speakers of many accents in one voice; OpenAI's voice names each get a different one.",
  }),
];
