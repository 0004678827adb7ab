import { GgmlType, GgufFileType } from 'node-llama-cpp';
import { GgufArraySummary, type GgufValue } from './ggufValues.js';
import type { GgufHeader } from './readGgufHeader.js';

/** What Hearth shows of a model from its GGUF header(s): the listing, the library and /api/show read these. */
export interface ModelFacts {
  architecture?: string;
  /** general.name */
  name?: string;
  /** Elements of every tensor in every part. */
  parameterCount?: number;
  /** general.file_type by name (MOSTLY_Q4_K_M), or its number when the name is unknown. */
  fileType?: string;
  /** From the header alone: the file type without MOSTLY_/ALL_, else the ggml type most weights are stored in. */
  headerQuantization?: string;
  trainContextSize?: number;
  embeddingLength?: number;
  /** The Jinja chat template in the file, or ''. */
  chatTemplate: string;
  hasChatTemplate: boolean;
  /** An encoder-only architecture: it embeds and cannot chat. */
  isEmbeddingOnly: boolean;
  /** Flat `section.key` metadata of the first part (Ollama's model_info); summarized arrays are null. */
  metadata: Record<string, unknown>;
  /** Text of the end-of-generation tokens (EOS, EOT), the stops the engine always applies. */
  stopTokens: string[];
  /** Whether the vocabulary has fill-in-the-middle tokens (so `suffix` works). */
  hasInfill: boolean;
}

/** Vocabulary tables: large, needed only by the engine itself, so never decoded here. */
export const vocabularyKeys = ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'] as const;

const stopTokenKeys = ['tokenizer.ggml.eos_token_id', 'tokenizer.ggml.eot_token_id'];

// Encoder-only architectures llama.cpp runs; they produce embeddings and cannot chat.
const embeddingArchitectures = new Set(['bert', 'nomic-bert', 'nomic-bert-moe', 'jina-bert-v2', 'jina-bert-v3', 'neo-bert', 'modern-bert', 't5encoder']);

const text = (value: GgufValue | undefined): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: GgufValue | undefined): number | undefined => (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined);

/** The token ids whose text stopTokens needs, to be read from the vocabulary (see readGgufStrings). */
export function stopTokenIds(header: GgufHeader): number[] {
  return stopTokenKeys.map((key) => count(header.metadata.get(key))).filter((id): id is number => id !== undefined);
}

/**
 * The one derivation of Hearth's model facts from a model's headers: the first part's metadata, the
 * tensors of all parts, and the vocabulary's text for the ids stopTokenIds named.
 */
export function modelFactsOf(parts: readonly GgufHeader[], tokenTexts: ReadonlyMap<number, string>): ModelFacts {
  const first = parts[0]!;
  const meta = first.metadata;
  const architecture = text(meta.get('general.architecture'));
  const fileTypeNumber = count(meta.get('general.file_type'));
  const fileType = fileTypeNumber === undefined ? undefined : (GgufFileType[fileTypeNumber] ?? String(fileTypeNumber));
  const elementsByType = new Map<number, number>();
  for (const part of parts) for (const [type, elements] of part.elementsByType) elementsByType.set(type, (elementsByType.get(type) ?? 0) + elements);
  // Files without general.file_type still say what most of their weights are stored as.
  const dominantType = [...elementsByType].sort((a, b) => b[1] - a[1])[0]?.[0];
  const parameterCount = parts.reduce((sum, part) => sum + part.parameterCount, 0);
  const chatTemplate = text(meta.get('tokenizer.chat_template')) ?? '';
  const stopTokens = [...new Set(stopTokenIds(first).map((id) => tokenTexts.get(id)).filter((t): t is string => !!t))];
  return {
    architecture,
    name: text(meta.get('general.name')),
    parameterCount: parameterCount > 0 ? parameterCount : undefined,
    fileType,
    headerQuantization: fileType ? fileType.replace(/^(MOSTLY|ALL)_/, '') : dominantType !== undefined ? GgmlType[dominantType] : undefined,
    trainContextSize: architecture ? count(meta.get(`${architecture}.context_length`)) : undefined,
    embeddingLength: architecture ? count(meta.get(`${architecture}.embedding_length`)) : undefined,
    chatTemplate,
    hasChatTemplate: chatTemplate.length > 0,
    isEmbeddingOnly: architecture !== undefined && embeddingArchitectures.has(architecture),
    metadata: flatMetadata(first),
    stopTokens,
    hasInfill: ['tokenizer.ggml.fim_pre_token_id', 'tokenizer.ggml.prefix_token_id'].some((key) => count(meta.get(key)) !== undefined),
  };
}

function flatMetadata(header: GgufHeader): Record<string, unknown> {
  // No prototype: keys come from the file, and one named __proto__ must stay a plain key.
  const flat: Record<string, unknown> = Object.create(null);
  for (const [key, value] of header.metadata) flat[key] = plain(value);
  return flat;
}

function plain(value: GgufValue): unknown {
  // Ollama's show leaves vocabulary-sized arrays out (null) unless asked to be verbose.
  if (value instanceof GgufArraySummary) return null;
  return Array.isArray(value) ? value.map(plain) : value;
}
