import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * sha256 digests of model files, as Ollama lists them (`sha256:<hex>`). Hashing a multi-GB file takes
 * a while, so digests are computed lazily, one file at a time in the background, streamed from disk,
 * and cached by path, size and mtime (a replaced file is hashed again).
 */
export class FileDigests {
  private readonly cache = new Map<string, { key: string; digest: Promise<string> }>();
  private queue: Promise<unknown> = Promise.resolve();

  /** The file's digest, hashing it if needed. */
  async get(path: string): Promise<string> {
    const info = await stat(path);
    const key = `${info.size}:${info.mtimeMs}`;
    const cached = this.cache.get(path);
    if (cached?.key === key) return cached.digest;
    const digest = this.queue.then(() => hashFile(path));
    this.queue = digest.catch(() => {});
    const entry = { key, digest };
    this.cache.set(path, entry);
    // A failed hash (file gone, unreadable) is not cached, so the next call tries again.
    digest.catch(() => {
      if (this.cache.get(path) === entry) this.cache.delete(path);
    });
    return digest;
  }

  /**
   * The digest if it is known within `waitMs`, else '' while hashing goes on in the background:
   * listing must not wait minutes on a large new file. Small files are hashed within the wait.
   */
  async peek(path: string, waitMs: number): Promise<string> {
    const digest = this.get(path);
    digest.catch(() => {});
    return Promise.race([digest.then((hex) => `sha256:${hex}`), sleep(waitMs, '', { ref: false })]).catch(() => '');
  }
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
