import type { Context } from 'koa';
import { ollamaDeleteRequest } from '../../../common/api/ollama.js';
import type { Services } from '../../services.js';
import { updateAlias } from '../aliases.js';
import { resolveOllamaName } from './modelNames.js';
import { fromOllamaName } from './translate.js';

/**
 * DELETE /api/delete. A name made by /api/copy is only a name: deleting it removes that name, as
 * Ollama removes one tag. The model's own names — its id, and the reference it was pulled as
 * (`hf.co/USER/REPO:QUANT`), which is what an Ollama client deletes after pulling — delete the model:
 * it is unloaded (after its running requests) and its files leave the models dir.
 */
export function deleteModel(services: Services) {
  return async function ollamaDelete(ctx: Context): Promise<void> {
    const body = ollamaDeleteRequest.parse(ctx.request.body);
    const { id, alias } = await resolveOllamaName(services, body.model);
    const model = await services.library.get(id);
    const pulledAs = model.source === null ? null : fromOllamaName(model.source).toLowerCase();
    if (alias !== null && alias.toLowerCase() !== pulledAs) {
      await updateAlias(services.settings, { remove: alias });
    } else {
      await services.library.delete(id, { unload: true });
      // The pulled name goes with the file; names made by /api/copy stay in settings, as the library keeps per-model settings.
      if (alias !== null) await updateAlias(services.settings, { remove: alias });
      ctx.state.logger?.info({ model: id }, 'model deleted through /api/delete');
    }
    ctx.body = { status: 'success' };
  };
}
