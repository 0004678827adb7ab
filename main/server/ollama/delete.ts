import { readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'koa';
import { ollamaDeleteRequest } from '../../../common/api/ollama.js';
import type { Services } from '../../services.js';
import { splitPartOf } from '../../downloads/modelFileName.js';
import { updateAlias } from './aliases.js';
import { fromOllamaName } from './translate.js';

/** The files of a model: the file itself, or every part of a split model. */
async function filesOf(file: string): Promise<string[]> {
  const split = splitPartOf(path.basename(file));
  if (!split) return [file];
  const dir = path.dirname(file);
  const names = await readdir(dir);
  return names.filter((name) => splitPartOf(name)?.base === split.base).map((name) => path.join(dir, name));
}

/**
 * DELETE /api/delete. Deleting an alias (a name made by /api/copy) removes only that name, as Ollama
 * removes only one tag; deleting the model's own name unloads it, then deletes its file from the models dir.
 */
export function deleteModel(services: Services) {
  return async function ollamaDelete(ctx: Context): Promise<void> {
    const body = ollamaDeleteRequest.parse(ctx.request.body);
    const id = await services.engine.resolveId(body.model);
    const name = fromOllamaName(body.model);
    if (name !== id) {
      await updateAlias(services.settings, { remove: name });
    } else {
      const info = await services.engine.getModel(id);
      // Waits for running requests; a model in use can't have its file pulled from under it.
      await services.engine.unload(id);
      for (const file of await filesOf(info.file)) await unlink(file).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      ctx.state.logger?.info({ model: id }, 'model deleted through /api/delete');
    }
    ctx.body = { status: 'success' };
  };
}
