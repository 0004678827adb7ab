import Router from '@koa/router';
import type { Services } from '../../services.js';
import { countTokens } from './countTokens.js';
import { messages } from './messages.js';

/**
 * Anthropic's Messages API at /v1/messages, where Claude Code and the Anthropic SDK look for it given
 * Hearth's address as their base URL. Errors in Anthropic's shape (apiPaths.ts). Keys come as
 * `x-api-key` (Anthropic's header) or `Authorization: Bearer`; `anthropic-version` and `anthropic-beta`
 * are accepted and change nothing.
 */
export function anthropicRouter(services: Services): Router {
  const router = new Router();
  router.post('/v1/messages', messages(services));
  router.post('/v1/messages/count_tokens', countTokens(services));
  return router;
}
