import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

const cache = new Map<string, { key: string; sha256: Promise<string> }>();

/**
 * sha256 of a file, computed once per version of it (path, size, mtime): an embedding model of gigabytes
 * is hashed when a datastore is created, and again only if the file changed.
 */
export async function fileSha256(file: string): Promise<string> {
  const info = await stat(file);
  const key = `${info.size}:${info.mtimeMs}`;
  const cached = cache.get(file);
  if (cached?.key === key) return cached.sha256;
  const sha256 = hashStream(file);
  cache.set(file, { key, sha256 });
  sha256.catch(() => cache.get(file)?.sha256 === sha256 && cache.delete(file));
  return sha256;
}

export async function hashStream(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
