import { setTimeout as sleep } from 'node:timers/promises';
import { check, lock } from 'proper-lockfile';
import { HearthError } from '../../common/errors.js';

/**
 * A lock not refreshed for this long belongs to a process that died (SIGKILL,
 * power loss); proper-lockfile refreshes a live one every half of it.
 */
const staleMs = 10_000;
const pollMs = 500;
// The .part may not exist yet, and resolving links is not wanted: lock the name itself.
const options = { realpath: false, stale: staleMs } as const;

export interface PartLock {
  /** Aborts when the lock was lost (this process stalled past staleMs and another took over). */
  lost: AbortSignal;
  release(): Promise<void>;
}

/**
 * Takes the inter-process lock on a .part file (a `.lock` folder beside it), so
 * two Hearth processes sharing a models dir never write one file together.
 * While another process holds it, calls onWait and polls until it is free
 * or stale.
 */
export async function lockPart(part: string, fileName: string, signal: AbortSignal, onWait: () => Promise<void>): Promise<PartLock> {
  const lost = new AbortController();
  const onCompromised = () =>
    lost.abort(new HearthError(409, 'invalid_request_error', `Another process took over the download of ${fileName}; pull it again to resume.`, { code: 'download_lock_lost' }));
  for (;;) {
    try {
      const release = await lock(part, { ...options, onCompromised });
      return { lost: lost.signal, release: () => release().catch(() => {}) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error;
    }
    await onWait();
    await sleep(pollMs, undefined, { signal });
  }
}

/** Whether a live process (this one included) holds the lock on a .part file. */
export function isPartLocked(part: string): Promise<boolean> {
  return check(part, options);
}
