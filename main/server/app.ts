import Koa from 'koa';
import { bodyParser } from '@koa/bodyparser';
import type { Services } from '../services.js';
import { errorsMiddleware } from './middleware/errors.js';
import { requestLogMiddleware } from './middleware/requestLog.js';
import { hostCheckMiddleware } from './middleware/hostCheck.js';
import { statsMiddleware } from './middleware/stats.js';
import { authMiddleware } from './middleware/auth.js';
import { rateLimitMiddleware } from './middleware/rateLimit.js';
import { adminRouter } from './admin/router.js';
import { libraryRouter } from './library/router.js';
import { localLabRouter } from './locallab/router.js';
import { lollmsRouter } from './lollms/router.js';
import { healthRouter } from './health/router.js';
import { openAiRouter } from './openai/router.js';
import { ollamaRouter } from './ollama/router.js';
import { webUiMiddleware } from './webui/router.js';
import { keysRequired } from '../keys/bindingPolicy.js';

/** Builds the Koa app over the services; it never listens by itself. Read top to bottom in request order. */
export function createServerApp(services: Services): Koa {
  const app = new Koa();
  app.proxy = false;
  // Errors are answered by errorsMiddleware; Koa's default handler would log them a second time.
  app.silent = true;

  app.use(errorsMiddleware());
  app.use(requestLogMiddleware(services.logger));
  app.use(statsMiddleware({ stats: services.stats, keys: services.keys, logPrompts: () => services.settings.get().logPrompts }));
  app.use(
    hostCheckMiddleware({
      allowedHosts: () => services.settings.get().allowedHosts,
      corsOrigins: () => services.settings.get().corsOrigins,
    }),
  );
  // Global, so no router can forget them; before the body parser, so a caller without a valid
  // key (or over its limit) can't make the server buffer and parse a body of up to bodyLimitBytes.
  app.use(authMiddleware({ keys: services.keys, required: () => keysRequired(services.settings.get()), shellToken: services.shellToken }));
  app.use(rateLimitMiddleware({ limiter: services.rateLimiter, settings: () => services.settings.get().rateLimit }));
  app.use(
    bodyParser({
      enableTypes: ['json'],
      // Ollama and curl users often send JSON without a JSON content type; parse it anyway.
      // extendTypes is lodash-merged by array index into the defaults, so application/json must stay first.
      extendTypes: { json: ['application/json', 'application/x-www-form-urlencoded', 'text/plain'] },
      jsonLimit: services.settings.get().bodyLimitBytes,
      // Ollama's DELETE /api/delete carries its model name in a JSON body.
      parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
      encoding: 'utf-8',
    }),
  );

  // The Ollama router claims exact paths only (never /api/v1/...), and GET /ollama/v1/models ahead of the OpenAI router.
  for (const router of [healthRouter(services), ollamaRouter(services), openAiRouter(services), adminRouter(services), libraryRouter(services), lollmsRouter(services), localLabRouter(services)]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  // Last: the web UI only answers what no API route took.
  app.use(webUiMiddleware());
  return app;
}
