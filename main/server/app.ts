import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import type { Services } from '../services.js';
import { errorsMiddleware } from './middleware/errors.js';
import { requestLogMiddleware } from './middleware/requestLog.js';
import { hostCheckMiddleware } from './middleware/hostCheck.js';
import { healthRouter } from './health/router.js';
import { openAiRouter } from './openai/router.js';
import { webUiMiddleware } from './webui/router.js';

/** Builds the Koa app over the services; it never listens by itself. Read top to bottom in request order. */
export function createServerApp(services: Services): Koa {
  const app = new Koa();
  app.proxy = false;
  // Errors are answered by errorsMiddleware; Koa's default handler would log them a second time.
  app.silent = true;

  app.use(errorsMiddleware());
  app.use(requestLogMiddleware(services.logger));
  app.use(
    hostCheckMiddleware({
      allowedHosts: () => services.settings.get().allowedHosts,
      corsOrigins: () => services.settings.get().corsOrigins,
    }),
  );
  app.use(
    bodyParser({
      enableTypes: ['json'],
      // Ollama and curl users often send JSON without a JSON content type; parse it anyway.
      extendTypes: { json: ['application/x-www-form-urlencoded', 'text/plain'] },
      jsonLimit: services.settings.get().bodyLimitBytes,
      encoding: 'utf-8',
    }),
  );

  for (const router of [healthRouter(services), openAiRouter(services)]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  // Last: the web UI only answers what no API route took.
  app.use(webUiMiddleware());
  return app;
}
