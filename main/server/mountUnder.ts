import Router from '@koa/router';

/**
 * One router with the routes `make` builds mounted under each prefix (e.g. `/v1` and `/api/v1`). A fresh
 * set per prefix, because @koa/router keeps the prefix on the routes it is given.
 */
export function mountUnder(prefixes: readonly string[], make: () => Router): Router {
  const router = new Router();
  for (const prefix of prefixes) {
    const mounted = make();
    router.use(prefix, mounted.routes(), mounted.allowedMethods());
  }
  return router;
}
