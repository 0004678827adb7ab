import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { GgufFileType, readGgufFileInfo } from 'node-llama-cpp';
import type { ModelInfo } from '../../common/models.js';
import { ModelNotFoundError } from '../../common/errors.js';

/** A GGUF model found in the models dir. */
export interface ModelFile {
  id: string;
  /** The file to load; the first part of a split model. */
  path: string;
  sizeBytes: number;
  modifiedAt: number;
}

export type ModelMetadata = Pick<
  ModelInfo,
  'architecture' | 'name' | 'parameterCount' | 'fileType' | 'trainContextSize' | 'hasChatTemplate' | 'embeddingLength'
>;

const splitPart = /-(\d{5})-of-(\d{5})\.gguf$/i;

/**
 * Finds models in the models dir on every call (a directory listing is cheap,
 * and a model dropped in by hand or by a download shows up at once). The id is
 * the file name without `.gguf`; a split model is listed once, by its first part.
 */
export class ModelRegistry {
  private readonly metadataCache = new Map<string, { key: string; metadata: ModelMetadata }>();

  constructor(private readonly modelsDir: () => string) {}

  async list(): Promise<ModelFile[]> {
    const dir = this.modelsDir();
    let names: string[];
    try {
      names = await readdir(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const files = new Map<string, ModelFile>();
    for (const name of names.sort()) {
      if (!name.toLowerCase().endsWith('.gguf') || name.startsWith('.')) continue;
      const split = splitPart.exec(name);
      if (split && split[1] !== '00001') continue;
      const full = path.join(dir, name);
      const info = await stat(full).catch(() => null); // a dangling link or a file removed meanwhile
      if (!info?.isFile()) continue;
      const id = split ? name.slice(0, split.index) : name.slice(0, -'.gguf'.length);
      let sizeBytes = info.size;
      if (split) sizeBytes = await splitSize(dir, name, split);
      files.set(id, { id, path: full, sizeBytes, modifiedAt: Math.floor(info.mtimeMs / 1000) });
    }
    return [...files.values()];
  }

  async find(id: string): Promise<ModelFile> {
    const found = (await this.list()).find((file) => file.id === id);
    if (!found) throw new ModelNotFoundError(id);
    return found;
  }

  /** GGUF header facts, read once per file version. */
  async metadata(file: ModelFile): Promise<ModelMetadata> {
    const key = `${file.sizeBytes}:${file.modifiedAt}`;
    const cached = this.metadataCache.get(file.path);
    if (cached?.key === key) return cached.metadata;
    const info = await readGgufFileInfo(file.path, { readTensorInfo: true, logWarnings: false, ignoreKeys: ['tokenizer.ggml.tokens', 'tokenizer.ggml.scores', 'tokenizer.ggml.token_type', 'tokenizer.ggml.merges'] });
    const meta = info.metadata as Record<string, any>;
    const architecture: string | undefined = meta.general?.architecture;
    const archMeta = architecture ? meta[architecture] : undefined;
    const fileType = meta.general?.file_type;
    const metadata: ModelMetadata = {
      architecture,
      name: meta.general?.name,
      parameterCount: info.fullTensorInfo?.reduce((sum, tensor) => sum + tensor.dimensions.reduce<number>((a, d) => a * Number(d), 1), 0),
      fileType: typeof fileType === 'number' ? (GgufFileType[fileType] ?? String(fileType)) : undefined,
      trainContextSize: archMeta?.context_length,
      hasChatTemplate: typeof meta.tokenizer?.chat_template === 'string',
      embeddingLength: archMeta?.embedding_length,
    };
    this.metadataCache.set(file.path, { key, metadata });
    return metadata;
  }
}

async function splitSize(dir: string, firstName: string, split: RegExpExecArray): Promise<number> {
  const parts = Number(split[2]);
  let total = 0;
  for (let part = 1; part <= parts; part++) {
    const name = `${firstName.slice(0, split.index)}-${String(part).padStart(5, '0')}-of-${split[2]}.gguf`;
    total += (await stat(path.join(dir, name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
