import type { Context } from 'koa';
import { listFolderModels } from '../../downloads/folderCatalog.js';
import type { Services } from '../../services.js';

/** GET /v1/admin/library/folder-models: the suggested folder models (Whisper for speech to text), each with whether it is installed. */
export function folderModelsList(services: Services) {
  return async (ctx: Context) => {
    ctx.body = { object: 'list', data: await listFolderModels(services.settings.get().modelsDir, services.downloads.folderCatalogs) };
  };
}
