import type { Context } from 'koa';
import { InvalidRequestError } from '../../../common/errors.js';
import { ollamaCopyRequest } from '../../../common/api/ollama.js';
import { modelAlias } from '../../../common/settings.js';
import type { Services } from '../../services.js';
import { updateAlias } from '../aliases.js';
import { resolveOllamaId } from './modelNames.js';
import { fromOllamaName } from './translate.js';

/** POST /api/copy: the destination becomes an alias of the source's model (no second copy of the file). */
export function copy(services: Services) {
  return async function ollamaCopy(ctx: Context): Promise<void> {
    const body = ollamaCopyRequest.parse(ctx.request.body);
    const id = await resolveOllamaId(services, body.source);
    const alias = fromOllamaName(body.destination);
    // The schema checked the name as sent; without its ':latest' it must still be one ("a/:latest" is "a/").
    const stored = modelAlias.safeParse(alias);
    if (!stored.success) throw new InvalidRequestError(`'destination': ${stored.error.issues[0]!.message}`, { param: 'destination' });
    if (alias !== id) {
      const models = await services.engine.listModels();
      // A model file's own id always wins in resolveId, so an alias with that name would never be used.
      if (models.some((model) => model.id === alias)) {
        throw new InvalidRequestError(`'${body.destination}' is already the name of a model file; choose another name or delete that model first.`, { param: 'destination' });
      }
      await updateAlias(services.settings, { add: alias, to: id });
    }
    ctx.body = { status: 'success' };
  };
}
