import { createHash } from 'node:crypto';
import type { Context } from 'koa';
import type { OllamaListModel, OllamaListResponse } from '../../../common/api/ollama.js';
import type { Services } from '../../services.js';
import type { FileDigests } from './FileDigests.js';
import { toOllamaListModels } from './translate.js';

/** Every model on disk as Ollama lists it: one entry per name (id and aliases); shared with /ollama/v1/models. */
export async function listOllamaModels(services: Services, digests: FileDigests): Promise<OllamaListModel[]> {
  const models = await services.engine.listModels();
  const entries = await Promise.all(
    models.map(async (info) => {
      // A remote binding's model has no file here; its digest names it, and details say which binding serves it.
      if (info.remote) return toOllamaListModels(info, remoteDigest(info.id));
      const digest = await digests.getIfPresent(info.file);
      return digest === null ? [] : toOllamaListModels(info, digest);
    }),
  );
  return entries.flat();
}

/**
 * GET /api/tags. A digest is the real sha256 of the file in bare hex, as Ollama lists it. A file new to
 * this data dir is hashed before it is listed (seconds for a multi-GB file, once: see FileDigests).
 */
export function tags(services: Services, digests: FileDigests) {
  return async function ollamaTags(ctx: Context): Promise<void> {
    ctx.body = { models: await listOllamaModels(services, digests) } satisfies OllamaListResponse;
  };
}

/** A stable stand-in digest for a model served by a remote binding. */
function remoteDigest(name: string): string {
  return createHash('sha256').update(`hearth-remote:${name}`).digest('hex');
}
