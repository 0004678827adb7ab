import Router from '@koa/router';
import type { Services } from '../../services.js';
import { requireAdmin } from '../middleware/auth.js';
import { keysCreate } from './keysCreate.js';
import { keysDelete } from './keysDelete.js';
import { keysList } from './keysList.js';
import { keysRevoke } from './keysRevoke.js';
import { modelsStats } from './modelsStats.js';
import { requests } from './requests.js';
import { events } from './events.js';
import { settingsRoutes } from './settings.js';
import { bindingsRoutes } from './bindings.js';

/**
 * Admin routes for keys, statistics, the request log, settings and the UI's live event feed. Only these paths are
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
  router.get('/events', events(services));
  const settings = settingsRoutes(services);
  router.get('/settings', settings.get);
  router.patch('/settings', settings.patch);
  const bindings = bindingsRoutes(services);
  router.get('/bindings', bindings.list);
  router.post('/bindings', bindings.create);
  router.patch('/bindings/:id', bindings.update);
  router.delete('/bindings/:id', bindings.delete);
  router.post('/bindings/:id/test', bindings.test);
  return router;
}
