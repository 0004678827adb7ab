import { stat } from 'node:fs/promises';
import { readGgufFileInfo } from 'node-llama-cpp';

/** What /api/show reads from a GGUF header beyond the engine's ModelInfo. */
export interface GgufDetails {
  /** Flat `section.key` metadata as Ollama's model_info; vocabulary-sized arrays are null, as Ollama leaves them. */
  modelInfo: Record<string, unknown>;
  /** The Jinja chat template in the file, or ''. */
  template: string;
  /** Text of the end-of-generation tokens (EOS, EOT), the stops the engine always applies. */
  stopTokens: string[];
  /** Whether the vocabulary has fill-in-the-middle tokens (so `suffix` works). */
  hasInfill: boolean;
}

// Vocabulary tables: large, and Ollama's show leaves them out (null) unless asked to be verbose.
const vocabularyKeys = ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'];

function flatten(value: unknown, prefix: string, into: Record<string, unknown>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && !ArrayBuffer.isView(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, prefix ? `${prefix}.${key}` : key, into);
    return;
  }
  into[prefix] = typeof value === 'bigint' ? Number(value) : value;
}

const cache = new Map<string, { key: string; details: Promise<GgufDetails> }>();

/** GGUF details of a model file, read once per file version (path, size, mtime). */
export async function ggufDetails(path: string): Promise<GgufDetails> {
  const info = await stat(path);
  const key = `${info.size}:${info.mtimeMs}`;
  const cached = cache.get(path);
  if (cached?.key === key) return cached.details;
  const details = readDetails(path);
  cache.set(path, { key, details });
  details.catch(() => cache.delete(path));
  return details;
}

async function readDetails(path: string): Promise<GgufDetails> {
  // Tokens are read (not scores or merges) to name the stop tokens; it happens once per file.
  const info = await readGgufFileInfo(path, { readTensorInfo: false, logWarnings: false, ignoreKeys: vocabularyKeys.slice(1) });
  const flat: Record<string, unknown> = {};
  flatten(info.metadata, '', flat);
  const tokens = flat['tokenizer.ggml.tokens'] as string[] | undefined;
  const tokenText = (key: string): string | undefined => {
    const id = flat[key];
    return typeof id === 'number' && tokens && id >= 0 && id < tokens.length ? tokens[id] : undefined;
  };
  const stopTokens = [...new Set(['tokenizer.ggml.eos_token_id', 'tokenizer.ggml.eot_token_id'].map(tokenText).filter((t): t is string => !!t))];
  for (const key of vocabularyKeys) if (key in flat || key === 'tokenizer.ggml.tokens') flat[key] = null;
  const template = typeof flat['tokenizer.chat_template'] === 'string' ? (flat['tokenizer.chat_template'] as string) : '';
  const hasInfill = ['tokenizer.ggml.fim_pre_token_id', 'tokenizer.ggml.prefix_token_id'].some((key) => typeof flat[key] === 'number');
  return { modelInfo: flat, template, stopTokens, hasInfill };
}
