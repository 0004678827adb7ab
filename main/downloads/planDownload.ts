import { UpstreamError } from '../../common/downloads.js';
import { InvalidRequestError, NotFoundError } from '../../common/errors.js';
import { parseFolderReference, type FolderCatalog, type FolderCatalogEntry } from './folderCatalog.js';
import type { HfClient } from './HfClient.js';
import { parseModelReference } from './hfReference.js';
import { modelIdOf, safeFolderFilePath, safeModelFileName, splitPartOf } from './modelFileName.js';
import { defaultQuantizations, groupGgufFiles } from './repoModels.js';
import { safeFetch, type FetchPolicy } from './safeFetch.js';
import { sameQuantization } from '../library/quantization.js';

/** A file to fetch, with what is known about it before the first byte. */
export interface PlannedFile {
  fileName: string;
  url: string;
  sizeBytes: number | null;
  sha256: string | null;
}

export interface DownloadPlan {
  modelId: string;
  files: PlannedFile[];
  /** For a folder model: the folder its files go into, and whether a folder's file names make the model. */
  folder?: { name: string; isModel(names: readonly string[]): boolean };
}

/**
 * Turns a pull reference into the files to fetch, asking the hub only what it must. `catalogs` resolve
 * folder model references (`whisper:<id>`).
 */
export async function planDownload(ref: string, client: HfClient, policy: FetchPolicy, catalogs: readonly FolderCatalog[], signal?: AbortSignal): Promise<DownloadPlan> {
  const entry = parseFolderReference(ref, catalogs);
  if (entry) return planFolderDownload(entry, client, signal);
  const parsed = parseModelReference(ref, policy.hfEndpoint);
  if (parsed.kind === 'url') {
    const name = decodeURIComponent(parsed.url.pathname.slice(parsed.url.pathname.lastIndexOf('/') + 1));
    const fileName = safeModelFileName(name);
    // An unreachable server may be back for the GET; a refused or looping redirect won't be, so it fails the pull now.
    const head = await safeFetch(parsed.url.href, { method: 'HEAD', signal }, policy).catch((error) => {
      if (error instanceof UpstreamError && error.code === 'network_error') return null;
      throw error;
    });
    const length = head?.ok ? Number(head.headers.get('content-length')) : NaN;
    return { modelId: modelIdOf(fileName), files: [{ fileName, url: parsed.url.href, sizeBytes: Number.isFinite(length) && length > 0 ? length : null, sha256: null }] };
  }

  if (parsed.kind === 'hf-file') {
    const split = splitPartOf(parsed.path);
    const paths = split
      ? Array.from({ length: split.parts }, (_, i) => `${split.base}-${String(i + 1).padStart(5, '0')}-of-${String(split.parts).padStart(5, '0')}.gguf`)
      : [parsed.path];
    const files = await Promise.all(
      paths.map(async (p) => {
        const meta = await client.fileMetadata(parsed.repo, parsed.revision, p, signal);
        return { fileName: safeModelFileName(p), url: client.fileUrl(parsed.repo, parsed.revision, p), sizeBytes: meta.sizeBytes, sha256: meta.sha256 };
      }),
    );
    return { modelId: modelIdOf(files[0]!.fileName), files };
  }

  const models = groupGgufFiles(await client.listFiles(parsed.repo, parsed.revision, signal)).filter((m) => !m.isAuxiliary);
  if (models.length === 0) throw new NotFoundError(`The repo ${parsed.repo} has no GGUF files.`, { code: 'file_not_found' });
  const available = [...new Set(models.map((m) => m.quantization ?? m.path))].join(', ');
  let chosen = parsed.quantization === null ? undefined : models.find((m) => sameQuantization(m.quantization, parsed.quantization!));
  if (parsed.quantization === null) {
    chosen = models.length === 1 ? models[0] : defaultQuantizations.map((q) => models.find((m) => sameQuantization(m.quantization, q))).find(Boolean);
    if (!chosen) throw new InvalidRequestError(`Name a quantization for ${parsed.repo}, e.g. hf.co/${parsed.repo}:${models[0]!.quantization ?? 'Q4_K_M'}. It has: ${available}.`, { param: 'ref' });
  }
  if (!chosen) throw new NotFoundError(`The repo ${parsed.repo} has no ${parsed.quantization} file. It has: ${available}.`, { code: 'file_not_found' });
  const files = chosen.parts.map((p) => ({
    fileName: safeModelFileName(p.path),
    url: client.fileUrl(parsed.repo, parsed.revision, p.path),
    sizeBytes: p.sizeBytes,
    sha256: p.sha256,
  }));
  return { modelId: modelIdOf(files[0]!.fileName), files };
}

/**
 * The files of a catalog's folder model, picked by its entry from the repo's top-level names; a picked name that
 * is a folder in the repo (a voice's `espeak-ng-data`) brings every file under it.
 */
async function planFolderDownload(entry: FolderCatalogEntry, client: HfClient, signal?: AbortSignal): Promise<DownloadPlan> {
  const revision = entry.revision ?? 'main';
  const listed = await client.listFiles(entry.huggingFaceRepo, revision, signal);
  const picked = entry.pickFiles([...new Set(listed.map((f) => f.path.split('/')[0]!))]);
  if (!picked) throw new NotFoundError(`hf.co/${entry.huggingFaceRepo} does not hold the files of ${entry.name}.`, { code: 'file_not_found' });
  const files = picked.flatMap((name) => {
    const exact = listed.filter((f) => f.path === name);
    const found = exact.length > 0 ? exact : listed.filter((f) => f.path.startsWith(`${name}/`));
    if (found.length === 0) throw new NotFoundError(`hf.co/${entry.huggingFaceRepo} has no file ${name}.`, { code: 'file_not_found' });
    return found.map((file) => ({
      fileName: safeFolderFilePath(file.path),
      url: client.fileUrl(entry.huggingFaceRepo, revision, file.path),
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
    }));
  });
  return { modelId: entry.id, files, folder: { name: entry.id, isModel: (names) => entry.pickFiles(names) !== null } };
}
