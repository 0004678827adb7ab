import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { withFileLock } from '../util/withFileLock.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';

const modelSource = z.object({ sha256: z.string(), ref: z.string(), url: z.string(), downloadedAt: z.number() });
export type ModelSource = z.infer<typeof modelSource>;
const sourcesFile = z.record(z.string(), modelSource);

/**
 * Where each downloaded file came from and its verified sha256, keyed by file
 * name, in model-sources.json in the data dir; the library shows it. The app and
 * `hearth models pull` may share the data dir: each change is made to the file as
 * it is on disk, under an inter-process lock, and reads pick up the other's changes.
 */
export class ModelSources {
  private entries: Record<string, ModelSource> = {};
  /** The file version `entries` was read from (mtime and size), to notice another process's write. */
  private readVersion = '';
  private writing: Promise<void> = Promise.resolve();

  private constructor(private readonly file: string) {}

  static async open(dataDir: string): Promise<ModelSources> {
    const sources = new ModelSources(path.join(dataDir, 'model-sources.json'));
    await sources.reload();
    return sources;
  }

  async get(fileName: string): Promise<ModelSource | undefined> {
    if ((await this.version()) !== this.readVersion) await this.reload();
    return this.entries[fileName];
  }

  set(fileName: string, source: ModelSource): Promise<void> {
    return this.change((entries) => {
      entries[fileName] = source;
    });
  }

  delete(fileName: string): Promise<void> {
    return this.change((entries) => {
      delete entries[fileName];
    });
  }

  private async version(): Promise<string> {
    const info = await stat(this.file).catch(() => null);
    return info ? `${info.mtimeMs}:${info.size}` : 'none';
  }

  private async reload(): Promise<void> {
    const version = await this.version();
    try {
      this.entries = sourcesFile.parse(JSON.parse(await readFile(this.file, 'utf8')));
    } catch {
      // Missing or damaged: it is a cache of facts the files can give again, so start empty.
      this.entries = {};
    }
    this.readVersion = version;
  }

  /** Read, change, write, with no other process in between. */
  private change(apply: (entries: Record<string, ModelSource>) => void): Promise<void> {
    // A failed write fails its caller only; the next change still runs.
    this.writing = this.writing.catch(() => {}).then(() =>
      withFileLock(this.file, async () => {
        await this.reload();
        apply(this.entries);
        await writeFileAtomic(this.file, `${JSON.stringify(this.entries, null, 2)}\n`);
        this.readVersion = await this.version();
      }),
    );
    return this.writing;
  }
}
