import path from 'node:path';
import Router from '@koa/router';
import { mountUnder } from '../mountUnder.js';
import type { Services } from '../../services.js';
import { chat } from './chat.js';
import { copy } from './copy.js';
import { deleteModel } from './delete.js';
import { embed, embeddings } from './embed.js';
import { FileDigests } from './FileDigests.js';
import { generate } from './generate.js';
import { lollmsModels } from './lollmsModels.js';
import { ps } from './ps.js';
import { pull } from './pull.js';
import { show } from './show.js';
import { tags } from './tags.js';
import { create, push } from './unsupported.js';
import { version } from './version.js';
import { requireAdmin } from '../middleware/auth.js';

/** Where the Ollama REST API is served: `/api` as Ollama, `/ollama/api` beside LoLLMs' `/ollama/v1`. */
export const ollamaPrefixes = ['/api', '/ollama/api'] as const;

function endpoints(services: Services, digests: FileDigests): Router {
  const router = new Router();
  router.post('/chat', chat(services));
  router.post('/generate', generate(services));
  router.post('/embed', embed(services));
  router.post('/embeddings', embeddings(services));
  router.get('/tags', tags(services, digests));
  router.get('/ps', ps(services, digests));
  router.post('/show', show(services));
  router.get('/version', version());
  // Changing what models exist is model management: admin keys only, like the library routes.
  router.delete('/delete', requireAdmin(), deleteModel(services));
  router.post('/copy', requireAdmin(), copy(services));
  router.post('/pull', requireAdmin(), pull(services));
  router.post('/create', create());
  router.post('/push', push());
  return router;
}

/**
 * The Ollama routes, mounted once per prefix, with exact paths only: `/api/v1/...` matches none of
 * them and stays with the OpenAI router. Also claims GET /ollama/v1/models, which LoLLMs documents in
 * Ollama's list format, so mount this before the OpenAI router.
 */
export function ollamaRouter(services: Services): Router {
  const digests = new FileDigests(path.join(services.settings.get().dataDir, 'model-digests.json'), (file) => services.library.verifiedSha256(file));
  const router = mountUnder(ollamaPrefixes, () => endpoints(services, digests));
  router.get('/ollama/v1/models', lollmsModels(services, digests));
  return router;
}
