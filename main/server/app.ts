import Koa from 'koa';
import type { Services } from '../services.js';
import { errorsMiddleware } from './middleware/errors.js';
import { requestLogMiddleware } from './middleware/requestLog.js';
import { hostCheckMiddleware } from './middleware/hostCheck.js';
import { statsMiddleware } from './middleware/stats.js';
import { authMiddleware } from './middleware/auth.js';
import { rateLimitMiddleware } from './middleware/rateLimit.js';
import { parseBodyMiddleware } from './middleware/parseBody.js';
import { adminRouter } from './admin/router.js';
import { anthropicRouter } from './anthropic/router.js';
import { assistantsRouter } from './assistants/router.js';
import { libraryRouter } from './library/router.js';
import { localLabRouter } from './locallab/router.js';
import { lollmsRouter } from './lollms/router.js';
import { healthRouter } from './health/router.js';
import { hearthRouter } from './hearth/router.js';
import { openAiRouter } from './openai/router.js';
import { ragRouter } from './rag/router.js';
import { responsesRouter } from './responses/router.js';
import { ollamaRouter } from './ollama/router.js';
import { webUiMiddleware } from './webui/router.js';
import { localAiSpeechRouter } from './audio/textToSpeech.js';
import { keysRequired, type BindingJudgement } from '../keys/bindingPolicy.js';

/**
 * Builds the Koa app over the services; it never listens by itself. Read top to bottom in request order.
 * `binding` is what the listener judged about its address (see serve.ts), read on every request.
 */
export function createServerApp(services: Services, binding: BindingJudgement): Koa {
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
  app.use(authMiddleware({ keys: services.keys, required: () => keysRequired(services.settings.get(), binding), shellToken: services.shellToken }));
  app.use(rateLimitMiddleware({ limiter: services.rateLimiter, settings: () => services.settings.get().rateLimit }));
  app.use(parseBodyMiddleware(services.settings.get().bodyLimitBytes));

  // The Ollama router claims exact paths only (never /api/v1/...), and GET /ollama/v1/models ahead of the OpenAI router.
  for (const router of [healthRouter(services), ollamaRouter(services), anthropicRouter(services), openAiRouter(services), localAiSpeechRouter(services), responsesRouter(services), assistantsRouter(services), hearthRouter(services), ragRouter(services), adminRouter(services), libraryRouter(services), lollmsRouter(services), localLabRouter(services)]) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  // Last: the web UI only answers what no API route took.
  app.use(webUiMiddleware({ dataDir: services.settings.get().dataDir }));
  return app;
}
