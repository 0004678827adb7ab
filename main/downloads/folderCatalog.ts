import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError } from '../../common/errors.js';
import type { FolderModelEntry, FolderModelPurpose } from '../../common/library.js';

/**
 * A model that is a folder of files from one Hugging Face repo (a Whisper model, a voice), as a catalog
 * suggests it. The download code knows nothing else about the model: what to fetch is `pickFiles`'s choice.
 */
export interface FolderCatalogEntry {
  /** The folder it is downloaded to inside the models dir, which is also its model id. */
  id: string;
  name: string;
  huggingFaceRepo: string;
  /** Branch, tag or commit; default `main`. */
  revision?: string;
  approxSizeBytes: number;
  description: string;
  /**
   * Of the top-level file names of a repo or a folder, the ones a complete model needs; null when some are
   * missing. On the repo's listing it picks what to download; on a folder it says whether the model is there.
   */
  pickFiles(names: readonly string[]): string[] | null;
}

/** The folder models of one kind, pulled as `<scheme>:<id>` (`whisper:sherpa-onnx-whisper-tiny`). */
export interface FolderCatalog {
  scheme: string;
  purpose: FolderModelPurpose;
  entries: readonly FolderCatalogEntry[];
}

/** The catalog entry a `<scheme>:<id>` reference names; null for a reference of another kind (hf:, https:). */
export function parseFolderReference(ref: string, catalogs: readonly FolderCatalog[]): FolderCatalogEntry | null {
  const match = /^([a-z][a-z0-9-]*):(?!\/\/)(.*)$/i.exec(ref.trim());
  const catalog = match && catalogs.find((c) => c.scheme.toLowerCase() === match[1]!.toLowerCase());
  if (!catalog) return null;
  const id = match[2]!.trim();
  const entry = catalog.entries.find((e) => e.id.toLowerCase() === id.toLowerCase());
  if (!entry) {
    const known = catalog.entries.map((e) => `${catalog.scheme}:${e.id}`).join(', ');
    throw new NotFoundError(`Hearth's catalog has no model '${id}' for ${catalog.scheme}: references. It has: ${known}.`, { code: 'model_not_found', param: 'ref' });
  }
  return entry;
}

/** The reference that pulls an entry. */
export function folderReference(catalog: FolderCatalog, entry: FolderCatalogEntry): string {
  return `${catalog.scheme}:${entry.id}`;
}

/** Whether the models dir holds the entry's folder with a complete model in it (downloaded, or unpacked by hand). */
export async function isFolderModelInstalled(modelsDir: string, entry: FolderCatalogEntry): Promise<boolean> {
  const names = await readdir(path.join(modelsDir, entry.id)).catch(() => null);
  return names !== null && entry.pickFiles(names) !== null;
}

/** Every entry of the catalogs as the UI lists it. */
export async function listFolderModels(modelsDir: string, catalogs: readonly FolderCatalog[]): Promise<FolderModelEntry[]> {
  return Promise.all(
    catalogs.flatMap((catalog) =>
      catalog.entries.map(async (entry) => ({
        ref: folderReference(catalog, entry),
        id: entry.id,
        name: entry.name,
        purpose: catalog.purpose,
        approxSizeBytes: entry.approxSizeBytes,
        description: entry.description,
        isInstalled: await isFolderModelInstalled(modelsDir, entry),
      })),
    ),
  );
}
