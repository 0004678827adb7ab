import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/writeFileAtomic.js';

const modelSource = z.object({ sha256: z.string(), ref: z.string(), url: z.string(), downloadedAt: z.number() });
export type ModelSource = z.infer<typeof modelSource>;
const sourcesFile = z.record(z.string(), modelSource);

/**
 * Where each downloaded file came from and its verified sha256, keyed by file
 * name, in model-sources.json in the data dir; the library shows it.
 */
export class ModelSources {
  private entries: Record<string, ModelSource> = {};
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(dataDir: string): Promise<ModelSources> {
    const sources = new ModelSources(path.join(dataDir, 'model-sources.json'));
    try {
      sources.entries = sourcesFile.parse(JSON.parse(await readFile(sources.file, 'utf8')));
    } catch {
      // Missing or damaged: it is a cache of facts the files can give again, so start empty.
    }
    return sources;
  }

  get(fileName: string): ModelSource | undefined {
    return this.entries[fileName];
  }

  set(fileName: string, source: ModelSource): Promise<void> {
    this.entries[fileName] = source;
    return this.save();
  }

  delete(fileName: string): Promise<void> {
    delete this.entries[fileName];
    return this.save();
  }

  private save(): Promise<void> {
    const text = `${JSON.stringify(this.entries, null, 2)}\n`;
    this.writing = this.writing.then(() => writeFileAtomic(this.file, text));
    return this.writing;
  }
}
