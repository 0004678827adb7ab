/** A Whisper model for the local engine (sherpa-onnx's ONNX export), as Hearth suggests it to a user who has none. */
export interface WhisperCatalogEntry {
  /** The folder it unpacks to inside the models folder, which is also its model id. */
  id: string;
  name: string;
  /** The release archive (.tar.bz2) that holds the folder. */
  archiveUrl: string;
  /** The same files on Hugging Face, for fetching them one by one. */
  huggingFaceRepo: string;
  approxSizeBytes: number;
  description: string;
}

/**
 * The Whisper models Hearth suggests, smallest first. TODO(#20): pull them through the library's download
 * queue; it fetches single GGUF files today, and these are folders of ONNX files shipped as an archive.
 */
export const whisperCatalog: readonly WhisperCatalogEntry[] = [
  {
    id: 'sherpa-onnx-whisper-tiny',
    name: 'Whisper tiny (multilingual)',
    archiveUrl: 'https://github.com/k2-fsa/sherpa-onnx/releases/download/asr-models/sherpa-onnx-whisper-tiny.tar.bz2',
    huggingFaceRepo: 'csukuangfj/sherpa-onnx-whisper-tiny',
    approxSizeBytes: 0.11e9,
    description: 'Fast on any CPU; transcribes and translates to English. Rough on noisy audio.',
  },
  {
    id: 'sherpa-onnx-whisper-base',
    name: 'Whisper base (multilingual)',
    archiveUrl: 'https://github.com/k2-fsa/sherpa-onnx/releases/download/asr-models/sherpa-onnx-whisper-base.tar.bz2',
    huggingFaceRepo: 'csukuangfj/sherpa-onnx-whisper-base',
    approxSizeBytes: 0.2e9,
    description: 'Noticeably more accurate than tiny, still quick on a laptop CPU.',
  },
];

/** What to tell a user with no transcription model: the smallest catalog model and where it goes. */
export function whisperDownloadHint(modelsDir: string): string {
  const smallest = whisperCatalog[0]!;
  return `Download ${smallest.name} (${smallest.archiveUrl}, or the files of hf.co/${smallest.huggingFaceRepo}) and unpack it into the models folder as ${modelsDir}/${smallest.id}/ (its *-encoder.onnx, *-decoder.onnx and *-tokens.txt), or add a binding that serves the model (Settings → Bindings).`;
}
