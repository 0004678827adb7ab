import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../../util/writeFileAtomic.js';

const storedDigests = z.record(z.string(), z.object({ version: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }));
type StoredDigests = z.infer<typeof storedDigests>;

/**
 * sha256 digests of model files (bare hex, as Ollama's /api/tags and /api/ps show them). Hashing a
 * multi-GB file takes a while, so files are hashed one at a time, streamed from disk, and the result
 * is kept by path and file version (size, mtime) in memory and in a JSON file in the data dir: a
 * restart reads it back instead of hashing every model again, and a replaced file is hashed again.
 */
export class FileDigests {
  private readonly memory = new Map<string, { version: string; digest: Promise<string> }>();
  private queue: Promise<unknown> = Promise.resolve();
  private stored: Promise<StoredDigests> | null = null;
  private writing: Promise<void> = Promise.resolve();

  /**
   * `file`: where digests are kept across restarts; null keeps them in memory only. `verified`: the
   * sha256 a download already checked for a file (the model library knows it), so a pulled model is
   * listed without reading it again, whichever route pulled it.
   */
  constructor(
    private readonly file: string | null,
    private readonly verified: (path: string) => Promise<string | null> = async () => null,
  ) {}

  /** The file's digest, hashing it if neither memory, the data dir nor a verified download knows this version of it. */
  async get(path: string): Promise<string> {
    const version = await versionOf(path);
    const cached = this.memory.get(path);
    if (cached?.version === version) return cached.digest;
    const digest = this.storedDigest(path, version).then(async (known) => known ?? (await this.fromDownload(path, version)) ?? this.hash(path, version));
    const entry = { version, digest };
    this.memory.set(path, entry);
    // A failed hash (file gone, unreadable) is not kept, so the next call tries again.
    digest.catch(() => {
      if (this.memory.get(path) === entry) this.memory.delete(path);
    });
    return digest;
  }

  /**
   * As get, but null for a file that is gone: a listing names the files it found, and one may be deleted
   * (or renamed by a finishing download) before it is hashed; it is then no longer there to list.
   */
  async getIfPresent(path: string): Promise<string | null> {
    try {
      return await this.get(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  private async fromDownload(path: string, version: string): Promise<string | null> {
    const sha256 = await this.verified(path);
    if (sha256 !== null) await this.store(path, version, sha256);
    return sha256;
  }

  private async hash(path: string, version: string): Promise<string> {
    const digest = this.queue.then(() => hashFile(path));
    this.queue = digest.catch(() => {});
    const sha256 = await digest;
    await this.store(path, version, sha256);
    return sha256;
  }

  private async storedDigest(path: string, version: string): Promise<string | null> {
    const entry = (await this.load())[path];
    return entry?.version === version ? entry.sha256 : null;
  }

  private load(): Promise<StoredDigests> {
    this.stored ??= this.file === null
      ? Promise.resolve({})
      : readFile(this.file, 'utf8')
          .then((text) => storedDigests.parse(JSON.parse(text)))
          // Missing or damaged: a cache of facts the files give again, so start empty.
          .catch(() => ({}));
    return this.stored;
  }

  private async store(path: string, version: string, sha256: string): Promise<void> {
    const entries = await this.load();
    entries[path] = { version, sha256 };
    if (this.file === null) return;
    const file = this.file;
    const text = `${JSON.stringify(entries, null, 2)}\n`;
    // A data dir that can't be written only costs hashing again after a restart.
    this.writing = this.writing.then(() => writeFileAtomic(file, text)).catch(() => {});
    await this.writing;
  }
}

async function versionOf(path: string): Promise<string> {
  const info = await stat(path);
  return `${info.size}:${info.mtimeMs}`;
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
