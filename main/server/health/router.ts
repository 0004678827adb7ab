import Router from '@koa/router';
import type { Services } from '../../services.js';

/** Liveness and readiness; neither needs a key so supervisors can poll them. */
export function healthRouter(services: Services): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'healthy', timestamp: new Date().toISOString() };
  });
  router.get('/ready', (ctx) => {
    const ready = services.engine.isReady();
    ctx.status = ready ? 200 : 503;
    ctx.body = { status: ready ? 'ready' : 'starting', timestamp: new Date().toISOString() };
  });
  return router;
}
