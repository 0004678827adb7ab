import { GgmlType, GgufFileType, readGgufFileInfo } from 'node-llama-cpp';
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

// Encoder-only architectures llama.cpp runs; they produce embeddings and cannot chat.
const embeddingArchitectures = new Set(['bert', 'nomic-bert', 'nomic-bert-moe', 'jina-bert-v2', 'jina-bert-v3', 'neo-bert', 'modern-bert', 't5encoder']);

/** Reads a local GGUF file's header (all parts of a split model) without loading the weights. */
export async function readModelMetadata(firstFile: string, signal?: AbortSignal): Promise<ModelMetadata> {
  const info = await readGgufFileInfo(firstFile, { sourceType: 'filesystem', readTensorInfo: true, logWarnings: false, signal });
  const general = info.metadata.general;
  const architecture = (general?.architecture as string | undefined) ?? null;
  const fileTypeNumber = general?.file_type;
  const fileType = typeof fileTypeNumber === 'number' ? (GgufFileType[fileTypeNumber] ?? String(fileTypeNumber)) : null;
  let parameterCount = 0;
  const elementsByType = new Map<number, number>();
  for (const tensor of info.fullTensorInfo ?? []) {
    const elements = tensor.dimensions.reduce<number>((product, d) => product * Number(d), 1);
    parameterCount += elements;
    elementsByType.set(tensor.ggmlType, (elementsByType.get(tensor.ggmlType) ?? 0) + elements);
  }
  // Files without general.file_type still say what most of their weights are stored as.
  const dominantType = [...elementsByType].sort((a, b) => b[1] - a[1])[0]?.[0];
  const tokenizer = info.metadata.tokenizer as { chat_template?: unknown } | undefined;
  const contextLength = (info.architectureMetadata as { context_length?: number }).context_length;
  return {
    architecture,
    name: (general?.name as string | undefined) ?? null,
    parameterCount: parameterCount > 0 ? parameterCount : null,
    // The file name is what repos and users call it; the header's file type is the fallback.
    quantization:
      quantizationOf(firstFile.slice(firstFile.lastIndexOf('/') + 1)) ??
      (fileType ? fileType.replace(/^(MOSTLY|ALL)_/, '') : dominantType !== undefined ? (GgmlType[dominantType] ?? null) : null),
    fileType,
    contextLength: typeof contextLength === 'number' ? contextLength : null,
    hasChatTemplate: typeof tokenizer?.chat_template === 'string' && tokenizer.chat_template.length > 0,
    isEmbeddingOnly: architecture !== null && embeddingArchitectures.has(architecture),
  };
}
