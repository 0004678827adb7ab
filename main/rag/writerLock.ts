import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { lock } from 'proper-lockfile';

/** A live holder refreshes its lock every half of this; past it, the holder is taken for dead. */
const staleMs = 10_000;

/**
 * The one-writer lock of a data folder's datastores: only the process holding it opens them for writing
 * (the server, or a CLI run when no server is up). proper-lockfile alone would make a restart after a
 * crash wait until the lock goes stale; the holder's pid is kept beside it, so a lock whose process is
 * gone is taken over at once.
 */
export async function acquireWriterLock(dir: string): Promise<() => Promise<void>> {
  await mkdir(dir, { recursive: true });
  const owner = path.join(dir, 'writer.pid');
  const options = { realpath: false, stale: staleMs } as const;
  for (let attempt = 0; ; attempt++) {
    try {
      const release = await lock(dir, options);
      await writeFile(owner, String(process.pid));
      return async () => {
        await rm(owner, { force: true });
        await release().catch(() => {});
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || attempt > 0) throw lockedError(dir, owner, error);
      const pid = Number(await readFile(owner, 'utf8').catch(() => ''));
      if (pid > 0 && pid !== process.pid && isAlive(pid)) throw lockedError(dir, owner, error, pid);
      await rm(`${dir}.lock`, { recursive: true, force: true });
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockedError(dir: string, owner: string, cause: unknown, pid?: number): Error {
  if ((cause as NodeJS.ErrnoException).code !== 'ELOCKED') return cause as Error;
  return Object.assign(new Error(`Another Hearth process${pid ? ` (pid ${pid})` : ''} holds the datastores in ${path.dirname(dir)}; stop it, or talk to it over HTTP. (${owner})`), { code: 'ELOCKED' });
}
