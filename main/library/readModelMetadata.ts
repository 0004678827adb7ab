import { readModelFacts } from '../gguf/readModelFacts.js';
import { quantizationOf } from './quantization.js';

/** What the library shows from a GGUF header. */
export interface ModelMetadata {
  architecture: string | null;
  name: string | null;
  parameterCount: number | null;
  quantization: string | null;
  fileType: string | null;
  contextLength: number | null;
  hasChatTemplate: boolean;
  isEmbeddingOnly: boolean;
}

/**
 * A local model's header facts (all parts of a split model) in the library's terms, from the shared
 * per-file-version cache; rejects with UnreadableModelFileError ("unreadable model file: …").
 */
export async function readModelMetadata(firstFile: string): Promise<ModelMetadata> {
  const facts = await readModelFacts(firstFile);
  return {
    architecture: facts.architecture ?? null,
    name: facts.name ?? null,
    parameterCount: facts.parameterCount ?? null,
    // The file name is what repos and users call it; the header's file type is the fallback.
    quantization: quantizationOf(firstFile.slice(firstFile.lastIndexOf('/') + 1)) ?? facts.headerQuantization ?? null,
    fileType: facts.fileType ?? null,
    contextLength: facts.trainContextSize ?? null,
    hasChatTemplate: facts.hasChatTemplate,
    isEmbeddingOnly: facts.isEmbeddingOnly,
  };
}
