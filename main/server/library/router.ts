import Router from '@koa/router';
import type { Services } from '../../services.js';
import { requireAdmin } from '../middleware/auth.js';
import { catalogList } from './catalog.js';
import { downloadsCancel } from './downloadsCancel.js';
import { downloadsEvents } from './downloadsEvents.js';
import { downloadsGet, downloadsList } from './downloadsList.js';
import { downloadsStart } from './downloadsStart.js';
import { folderModelsList } from './folderModels.js';
import { modelLoad, modelUnload } from './modelLoad.js';
import { modelSettingsGet, modelSettingsPatch } from './modelSettings.js';
import { modelsDelete } from './modelsDelete.js';
import { modelsGet, modelsList } from './modelsList.js';
import { repoFiles } from './repoFiles.js';
import { search } from './search.js';

/** Admin routes for the model library and downloads, for the web UI and scripts. */
export function libraryRouter(services: Services): Router {
  const router = new Router({ prefix: '/v1/admin' });
  // Runs only when one of this router's routes matches, so it guards exactly these.
  router.use(requireAdmin());
  router.get('/library/search', search(services));
  router.get('/library/repos/:user/:repo/files', repoFiles(services));
  router.get('/library/catalog', catalogList());
  router.get('/library/folder-models', folderModelsList(services));
  router.get('/library/models', modelsList(services));
  router.get('/library/models/:id', modelsGet(services));
  router.delete('/library/models/:id', modelsDelete(services));
  router.get('/library/models/:id/settings', modelSettingsGet(services));
  router.patch('/library/models/:id/settings', modelSettingsPatch(services));
  router.post('/library/models/:id/load', modelLoad(services));
  router.post('/library/models/:id/unload', modelUnload(services));
  router.get('/downloads', downloadsList(services));
  router.post('/downloads', downloadsStart(services));
  router.get('/downloads/events', downloadsEvents(services));
  router.get('/downloads/:id', downloadsGet(services));
  router.get('/downloads/:id/events', downloadsEvents(services));
  router.delete('/downloads/:id', downloadsCancel(services));
  return router;
}
