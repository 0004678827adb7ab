import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { lock } from 'proper-lockfile';

/**
 * Runs `change` holding an inter-process lock on `file` (a `.lock` folder beside it), for the small
 * JSON files the app and `hearth` commands share in the data dir: read, change and write with no
 * other process in between. The file need not exist yet. A dead process's lock goes stale quickly,
 * since these writes take milliseconds.
 */
export async function withFileLock<T>(file: string, change: () => Promise<T>): Promise<T> {
  await mkdir(path.dirname(file), { recursive: true });
  const release = await lock(file, { realpath: false, stale: 5_000, retries: { retries: 50, minTimeout: 20, maxTimeout: 200 } });
  try {
    return await change();
  } finally {
    await release();
  }
}
