import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ModelInfo } from '../../common/models.js';
import { ModelNotFoundError, UnreadableModelError } from '../../common/errors.js';
import { readModelFacts, UnreadableModelFileError } from '../gguf/readModelFacts.js';

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

  /** A model file by id, whether its header is readable or not. */
  async lookup(id: string): Promise<ModelFile | undefined> {
    return (await this.list()).find((file) => file.id === id);
  }

  /**
   * The file to load for a model: throws ModelNotFoundError, or UnreadableModelError when Hearth's
   * bounded reader refuses its header. The scheduler loads only what this returns, so a hostile
   * header never reaches node-llama-cpp, whose own reader allocates whatever a header claims.
   */
  async find(id: string): Promise<ModelFile> {
    const found = await this.lookup(id);
    if (!found) throw new ModelNotFoundError(id);
    try {
      await this.metadata(found);
    } catch (error) {
      // Deleted between the listing and the read (a delete running beside this request): gone, as if never listed.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ModelNotFoundError(id);
      throw error;
    }
    return found;
  }

  /** GGUF header facts (read once per file version); UnreadableModelError says why a header is refused. */
  async metadata(file: ModelFile): Promise<ModelMetadata> {
    try {
      const facts = await readModelFacts(file.path);
      return {
        architecture: facts.architecture,
        name: facts.name,
        parameterCount: facts.parameterCount,
        fileType: facts.fileType,
        trainContextSize: facts.trainContextSize,
        hasChatTemplate: facts.hasChatTemplate,
        embeddingLength: facts.embeddingLength,
      };
    } catch (error) {
      if (error instanceof UnreadableModelFileError) throw new UnreadableModelError(file.id, error.message);
      throw error;
    }
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
