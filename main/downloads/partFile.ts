import { constants } from 'node:fs';
import { lstat, open, rm, type FileHandle } from 'node:fs/promises';

// Windows has no O_NOFOLLOW; the lstat check before opening still guards there.
const noFollow = constants.O_NOFOLLOW ?? 0;

/**
 * A .part file is ours only if it is a plain file with one name: a link, or a
 * hard link sharing its bytes with a file elsewhere, was planted by someone else.
 */
async function ownPart(file: string) {
  const found = await lstat(file).catch(() => null);
  return { found, isOwn: found !== null && found.isFile() && found.nlink === 1 };
}

/** Bytes already fetched into a .part file; a missing or foreign one holds none. */
export async function partSize(file: string): Promise<number> {
  const { found, isOwn } = await ownPart(file);
  return isOwn ? found!.size : 0;
}

/** Forgets a .part file's bytes; removing a link leaves its target alone. */
export async function discardPart(file: string): Promise<void> {
  await rm(file, { force: true });
}

/**
 * Opens a .part file to write from byte `start`, never through a link: a foreign
 * entry at that name is removed and a fresh file made. O_NOFOLLOW closes the
 * gap between that check and the open.
 */
export async function openPartFile(file: string, start: number): Promise<FileHandle> {
  const { found, isOwn } = await ownPart(file);
  if (found && !isOwn) {
    await discardPart(file);
    // The bytes before start went with it; the caller's retry measures again from 0.
    if (start > 0) throw new Error(`${file} was replaced during the download.`);
  }
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | noFollow | (start === 0 ? constants.O_TRUNC : 0), 0o644);
  if (start > 0) await handle.truncate(start);
  return handle;
}
