import Router from '@koa/router';
import type { Context, Next } from 'koa';
import { ContextLengthError, ModelNotFoundError, PayloadTooLargeError } from '../../../common/errors.js';
import type { Services } from '../../services.js';
import { requireAdmin } from '../middleware/auth.js';
import { chat } from './chat.js';
import type { LocalLab } from './context.js';
import { CurrentModel, localLabModelNotFound } from '../CurrentModel.js';
import { generate } from './generate.js';
import { generateBatch } from './generateBatch.js';
import { modelsAvailable } from './modelsAvailable.js';
import { modelsCurrent } from './modelsCurrent.js';
import { modelsLoad } from './modelsLoad.js';
import { modelsUnload } from './modelsUnload.js';
import { systemInfo } from './systemInfo.js';

/**
 * LocalLab's documented statuses: an input too long is 413 (the engine says 400, as OpenAI does),
 * and an unknown model points at /models/available. Errors go on to the one errors middleware, which
 * writes LocalLab's `{"detail": …}` shape for these paths.
 */
async function localLabStatuses(ctx: Context, next: Next): Promise<void> {
  try {
    await next();
  } catch (error) {
    if (error instanceof ContextLengthError) throw new PayloadTooLargeError(error.message);
    if (error instanceof ModelNotFoundError) throw localLabModelNotFound(error.modelId);
    throw error;
  }
}

/** The LocalLab routes at the root: /generate, /chat, /generate/batch, /models/*, /system/info (/health is the health router's). */
export function localLabRouter(services: Services): Router {
  const localLab: LocalLab = { services, current: new CurrentModel(services.engine) };
  const router = new Router();
  router.use(async (ctx, next) => {
    // The route pattern goes in the request log, as the other families do.
    ctx.state.route = `${ctx.method} ${ctx._matchedRoute ?? ctx.path}`;
    await next();
  });
  router.use(localLabStatuses);
  router.post('/generate', generate(localLab));
  router.post('/generate/batch', generateBatch(localLab));
  router.post('/chat', chat(localLab));
  router.get('/models/available', modelsAvailable(localLab));
  router.get('/models/current', modelsCurrent(localLab));
  // Loading, downloading and unloading change what the machine holds: admin keys only, like the library routes.
  router.post('/models/load', requireAdmin(), modelsLoad(localLab));
  router.post('/models/unload', requireAdmin(), modelsUnload(localLab));
  router.get('/system/info', systemInfo(localLab));
  return router;
}
