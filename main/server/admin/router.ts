import Router from '@koa/router';
import type { Services } from '../../services.js';
import { requireAdmin } from '../middleware/auth.js';
import { keysCreate } from './keysCreate.js';
import { keysDelete } from './keysDelete.js';
import { keysList } from './keysList.js';
import { keysRevoke } from './keysRevoke.js';
import { modelsStats } from './modelsStats.js';
import { requests } from './requests.js';

/**
 * Admin routes for keys, statistics and the request log. Only these paths are
 * claimed: /v1/admin/library and /v1/admin/downloads belong to the model library's own router.
 */
export function adminRouter(services: Services): Router {
  const router = new Router({ prefix: '/v1/admin' });
  // Runs only when one of this router's routes matches, so it guards exactly these.
  router.use(requireAdmin());
  router.get('/models/stats', modelsStats(services));
  router.get('/requests', requests(services));
  router.get('/keys', keysList(services));
  router.post('/keys', keysCreate(services));
  router.post('/keys/:id/revoke', keysRevoke(services));
  router.delete('/keys/:id', keysDelete(services));
  return router;
}
