import path from 'node:path';
import type { FolderCatalog, FolderCatalogEntry } from '../../downloads/folderCatalog.js';
import { whisperModelIn } from './localWhisperModels.js';

/** A Whisper model for the local engine (sherpa-onnx's ONNX export), as Hearth suggests it to a user who has none. */
export interface WhisperCatalogEntry extends FolderCatalogEntry {
  /** The release archive (.tar.bz2) that holds the same folder, for unpacking by hand. */
  archiveUrl: string;
}

/**
 * The files of a Whisper model among a repo's or folder's names, by whisperModelIn's layout rules: the int8
 * encoder and decoder where the repo has them (a quarter of the size) and the tokens. The repos hold much more
 * (the float models, export scripts, test recordings), which a download skips.
 */
export function pickWhisperFiles(names: readonly string[]): string[] | null {
  const model = whisperModelIn('', '', names);
  return model && [model.encoder, model.decoder, model.tokens].map((file) => path.basename(file));
}

const whisperModels: readonly WhisperCatalogEntry[] = [
  {
    id: 'sherpa-onnx-whisper-tiny',
    name: 'Whisper tiny',
    archiveUrl: 'https://github.com/k2-fsa/sherpa-onnx/releases/download/asr-models/sherpa-onnx-whisper-tiny.tar.bz2',
    huggingFaceRepo: 'csukuangfj/sherpa-onnx-whisper-tiny',
    approxSizeBytes: 0.11e9,
    description: 'Multilingual. Fast on any CPU; transcribes and translates to English. Rough on noisy audio.',
    pickFiles: pickWhisperFiles,
  },
  {
    id: 'sherpa-onnx-whisper-base',
    name: 'Whisper base',
    archiveUrl: 'https://github.com/k2-fsa/sherpa-onnx/releases/download/asr-models/sherpa-onnx-whisper-base.tar.bz2',
    huggingFaceRepo: 'csukuangfj/sherpa-onnx-whisper-base',
    approxSizeBytes: 0.2e9,
    description: 'Multilingual. Noticeably more accurate than tiny, still quick on a laptop CPU.',
    pickFiles: pickWhisperFiles,
  },
];

/** The Whisper models Hearth suggests, smallest first; pulled as `whisper:<id>` through the download queue. */
export const whisperCatalog: FolderCatalog & { entries: readonly WhisperCatalogEntry[] } = {
  scheme: 'whisper',
  purpose: 'speech-to-text',
  entries: whisperModels,
};

/** What to tell a user with no transcription model: the smallest catalog model, how to download it, and where it goes by hand. */
export function whisperDownloadHint(modelsDir: string): string {
  const smallest = whisperCatalog.entries[0]!;
  return (
    `Download ${smallest.name} in Discover (or \`hearth models pull whisper:${smallest.id}\`), ` +
    `or unpack ${smallest.archiveUrl} into the models folder as ${modelsDir}/${smallest.id}/, ` +
    `or add a binding that serves the model (Settings → Bindings).`
  );
}
