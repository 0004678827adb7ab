import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * The folder models of one kind in the models folder (Whisper models, voices), by folder name: `read` says
 * what a folder holds given its file names, or null when it isn't of that kind. Hidden folders are downloads
 * still under way (main/downloads/folderStaging.ts); the files beside the folders are the chat engine's GGUFs.
 */
export async function findModelFolders<T>(modelsDir: string, read: (id: string, dir: string, names: string[]) => T | null | Promise<T | null>): Promise<T[]> {
  const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  const found: T[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.') || !(entry.isDirectory() || entry.isSymbolicLink())) continue;
    const dir = path.join(modelsDir, entry.name);
    const names = await readdir(dir).catch(() => null);
    const model = names && (await read(entry.name, dir, names));
    if (model) found.push(model);
  }
  return found;
}
