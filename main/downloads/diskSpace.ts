import { statfs } from 'node:fs/promises';
import { InsufficientDiskSpaceError } from '../../common/downloads.js';

/** Free and total bytes of the disk that holds a folder. */
export interface DiskSpace {
  freeBytes: number;
  totalBytes: number;
}

export async function readDiskSpace(dir: string): Promise<DiskSpace> {
  const fs = await statfs(dir);
  return { freeBytes: Number(fs.bavail) * Number(fs.bsize), totalBytes: Number(fs.blocks) * Number(fs.bsize) };
}

/** What downloads leave free on the models disk by default: 1 GiB or 5% of the disk, whichever is larger. */
export function defaultDiskMarginBytes(space: DiskSpace): number {
  return Math.max(1024 ** 3, Math.round(space.totalBytes * 0.05));
}

/** Bytes kept free on the models disk: `margin` when one is set, else the default rule. */
export function marginOf(margin: number | undefined, space: DiskSpace): number {
  return margin ?? defaultDiskMarginBytes(space);
}

/** Bytes written between two statfs calls at most, so space that something else takes meanwhile is noticed. */
const recheckEveryBytes = 64 * 1024 * 1024;

/**
 * Watches free space while a download writes, since a server may send no size (or the wrong one) and the
 * disk is shared: statfs is asked before the first write, after every 64 MiB, and whenever the room it
 * measured last is used up. A write that would leave less than the margin free throws
 * InsufficientDiskSpaceError instead of filling the disk.
 */
export class DiskSpaceGuard {
  /** Bytes that may still be written before the margin is reached, as last measured. */
  private room = 0;
  private sinceCheck = Infinity;

  constructor(
    private readonly dir: string,
    private readonly margin: number | undefined,
  ) {}

  /** Resolves when `bytes` more may be written; `writtenBytes` (so far) goes into the error. */
  async reserve(bytes: number, writtenBytes: number): Promise<void> {
    if (bytes > this.room || this.sinceCheck >= recheckEveryBytes) {
      const space = await readDiskSpace(this.dir);
      const kept = marginOf(this.margin, space);
      this.room = space.freeBytes - kept;
      this.sinceCheck = 0;
      if (bytes > this.room) throw new InsufficientDiskSpaceError(null, space.freeBytes, kept, writtenBytes);
    }
    this.room -= bytes;
    this.sinceCheck += bytes;
  }
}
