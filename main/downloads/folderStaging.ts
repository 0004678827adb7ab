import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { InvalidRequestError } from '../../common/errors.js';
import { pathInModelsDir } from './modelFileName.js';

/**
 * Where a download's files are written: a GGUF file's `.part` beside its final name in the models dir; a folder
 * model's into a hidden staging folder (`.<id>.partial/`) that becomes `<id>/` only once every file is verified,
 * so a half-finished folder is never taken for a model (the model lists skip names starting with a dot).
 */
export interface DownloadPaths {
  /** The verified file's name once its .part is complete. */
  target: string;
  part: string;
}

/** @internal The hidden folder a folder model is downloaded into. */
export function stagingDir(modelsDir: string, folder: string): Promise<string> {
  return pathInModelsDir(modelsDir, `.${folder}.partial`);
}

export async function downloadPaths(modelsDir: string, folder: string | undefined, fileName: string): Promise<DownloadPaths> {
  const target = folder === undefined ? await pathInModelsDir(modelsDir, fileName) : path.join(await stagingDir(modelsDir, folder), ...fileName.split('/'));
  return { target, part: `${target}.part` };
}

/** Makes the staging folder, as a real folder: a link planted at its name is refused. */
export async function makeStagingDir(modelsDir: string, folder: string): Promise<string> {
  const dir = await stagingDir(modelsDir, folder);
  await mkdir(dir, { recursive: true });
  if (!(await lstat(dir)).isDirectory()) throw new InvalidRequestError(`${dir} is not a folder; remove it and download again.`, { param: 'ref' });
  return dir;
}

/**
 * What the models dir holds at a folder model's name: nothing, the model (`isModel` says so of its file
 * names), or something else, which a download must not write into or replace.
 */
export async function folderState(modelsDir: string, folder: string, isModel: (names: string[]) => boolean): Promise<'absent' | 'installed' | 'occupied'> {
  const dir = await pathInModelsDir(modelsDir, folder);
  const names = await readdir(dir).catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? null : []));
  if (names === null) return (await lstat(dir).catch(() => null)) ? 'occupied' : 'absent';
  return isModel(names) ? 'installed' : 'occupied';
}

/**
 * Gives the verified staging folder the model's name. When that name appeared meanwhile (another Hearth
 * process finished the same download, or the user unpacked it), that folder stays and the staging goes.
 */
export async function completeFolder(modelsDir: string, folder: string): Promise<void> {
  const staging = await stagingDir(modelsDir, folder);
  const final = await pathInModelsDir(modelsDir, folder);
  if (await lstat(final).catch(() => null)) return rm(staging, { recursive: true, force: true });
  await rename(staging, final);
}

/** Deletes what a stopped folder download fetched. */
export async function discardStaging(modelsDir: string, folder: string): Promise<void> {
  await rm(await stagingDir(modelsDir, folder), { recursive: true, force: true });
}
