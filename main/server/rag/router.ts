import Router from '@koa/router';
import type { Services } from '../../services.js';
import { mountUnder } from '../mountUnder.js';
import { datastoresCreate, datastoresDelete, datastoresGet, datastoresList, datastoresUpdate } from './datastores.js';
import { documentsAdd, documentsDelete, documentsList } from './documents.js';
import { jobsCancel, jobsGet } from './jobs.js';
import { datastoresQuery, datastoresReindex } from './query.js';

/**
 * Hearth's RAG datastore routes, mounted under the OpenAI family's prefixes (so errors are OpenAI-shaped):
 * datastores, their documents, search and reindex, and the jobs that ingest and reindex. Ownership and
 * visibility are the service's (main/rag/access.ts).
 */
export function datastoresRouter(services: Services): Router {
  const router = new Router();
  router.get('/datastores', datastoresList(services));
  router.post('/datastores', datastoresCreate(services));
  router.get('/datastores/:id', datastoresGet(services));
  router.patch('/datastores/:id', datastoresUpdate(services));
  router.delete('/datastores/:id', datastoresDelete(services));
  router.get('/datastores/:id/documents', documentsList(services));
  router.post('/datastores/:id/documents', documentsAdd(services));
  router.delete('/datastores/:id/documents/:docId', documentsDelete(services));
  router.post('/datastores/:id/query', datastoresQuery(services));
  router.post('/datastores/:id/reindex', datastoresReindex(services));
  router.get('/jobs/:id', jobsGet(services));
  router.post('/jobs/:id/cancel', jobsCancel(services));
  return router;
}

/**
 * The datastore routes under /v1 and /api/v1: Hearth's datastores speak the OpenAI family's errors and
 * lists; /ollama/v1 is only OpenAI's own layer.
 */
export function ragRouter(services: Services): Router {
  return mountUnder(['/v1', '/api/v1'], () => datastoresRouter(services));
}
