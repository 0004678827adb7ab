import type { FolderCatalog, FolderCatalogEntry } from '../../downloads/folderCatalog.js';

/** A neural voice for the local engine (a Piper voice in sherpa-onnx's layout), as Hearth suggests it. */
export interface VoiceCatalogEntry extends FolderCatalogEntry {
  /** BCP 47-like tag, lower case, as the voice listing shows it. */
  language: string;
  /** 1 for a single-speaker voice. */
  speakers: number;
  /** Hz. */
  sampleRate: number;
  /** sherpa-onnx's release archive (.tar.bz2) that holds the same folder, for unpacking by hand. */
  archiveUrl: string;
  /** The top-level files and folders of the voice's folder (espeak-ng-data/ comes whole): what pickFiles picks. */
  files: readonly string[];
}

/** Piper's phonemizer data that every Piper voice folder holds its own copy of (about 18 MB). */
const espeakData = 'espeak-ng-data';

/** A Piper voice as sherpa-onnx publishes it: `vits-piper-<name>` with `<name>.onnx`, its config and tokens. */
function piperVoice(name: string, entry: Omit<VoiceCatalogEntry, 'id' | 'archiveUrl' | 'huggingFaceRepo' | 'files' | 'pickFiles'>): VoiceCatalogEntry {
  const id = `vits-piper-${name}`;
  const files = [`${name}.onnx`, `${name}.onnx.json`, 'tokens.txt', espeakData];
  return {
    id,
    ...entry,
    archiveUrl: `https://github.com/k2-fsa/sherpa-onnx/releases/download/tts-models/${id}.tar.bz2`,
    huggingFaceRepo: `csukuangfj/${id}`,
    files,
    pickFiles: (names) => (files.every((file) => names.includes(file)) ? [...files] : null),
  };
}

/**
 * The neural voices Hearth suggests, smallest first. Each voice's dataset has its own licence, named in
 * the voice's MODEL_CARD (in the archive); the runtime, sherpa-onnx, is Apache-2.0.
 */
const voices: readonly VoiceCatalogEntry[] = [
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

/** The voices pulled as `voice:<id>` (main/library/folderCatalogs.ts), for text to speech. */
export const voiceCatalog: FolderCatalog & { entries: readonly VoiceCatalogEntry[] } = {
  scheme: 'voice',
  purpose: 'text-to-speech',
  entries: voices,
};
