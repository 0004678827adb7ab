import type { Context } from 'koa';
import type { OllamaListModel, OllamaListResponse } from '../../../common/api/ollama.js';
import type { Services } from '../../services.js';
import type { FileDigests } from './FileDigests.js';
import { toOllamaListModels } from './translate.js';

/** How long a listing waits for a file's first hash; small files finish well within it. */
const digestWaitMs = 500;

/** Every model on disk as Ollama lists it: one entry per name (id and aliases); shared with /ollama/v1/models. */
export async function listOllamaModels(services: Services, digests: FileDigests): Promise<OllamaListModel[]> {
  const models = await services.engine.listModels();
  const entries = await Promise.all(models.map(async (info) => toOllamaListModels(info, await digests.peek(info.file, digestWaitMs))));
  return entries.flat();
}

/**
 * GET /api/tags. A digest is the real sha256 of the file; a large file not yet hashed lists with an
 * empty digest while hashing finishes in the background, rather than making the listing wait minutes.
 */
export function tags(services: Services, digests: FileDigests) {
  return async function ollamaTags(ctx: Context): Promise<void> {
    ctx.body = { models: await listOllamaModels(services, digests) } satisfies OllamaListResponse;
  };
}
