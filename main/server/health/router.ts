import Router from '@koa/router';
import type { Services } from '../../services.js';

/** Liveness and readiness; neither needs a key so supervisors can poll them. */
export function healthRouter(services: Services): Router {
  const router = new Router();
  router.get('/health', (ctx) => {
    ctx.body = { status: 'healthy', timestamp: new Date().toISOString() };
  });
  router.get('/ready', (ctx) => {
    const status = services.engine.readiness();
    ctx.status = status === 'ready' ? 200 : 503;
    // A supervisor retries a 503; Retry-After says when, as for a busy model.
    if (status !== 'ready') ctx.set('Retry-After', '1');
    ctx.body = { status, timestamp: new Date().toISOString() };
  });
  return router;
}
