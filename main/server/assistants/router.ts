import Router from '@koa/router';
import type { Context } from 'koa';
import { NotSupportedError } from '../../../common/errors.js';
import type { Services } from '../../services.js';
import { requireAdmin } from '../middleware/auth.js';
import { mountUnder } from '../mountUnder.js';
import { createAssistant, deleteAssistant, listAssistants, retrieveAssistant, updateAssistant } from './assistants.js';

/** OpenAI retired threads and runs on 2026-08-26; the Responses API replaces them, here as there. */
function threadsRetired(ctx: Context): void {
  throw new NotSupportedError(
    `${ctx.path} is part of OpenAI's retired Assistants threads and runs, which Hearth does not serve. Use POST /v1/responses (with previous_response_id or /v1/conversations for state), or put an assistant's id as the model of a chat request.`,
    { code: 'threads_not_supported' },
  );
}

function endpoints(services: Services): Router {
  const router = new Router();
  // Assistants are presets shared by everyone who uses this Hearth: any key lists and uses them, admins change them.
  router.get('/assistants', listAssistants(services));
  router.get('/assistants/:id', retrieveAssistant(services));
  router.post('/assistants', requireAdmin(), createAssistant(services));
  router.post('/assistants/:id', requireAdmin(), updateAssistant(services));
  router.delete('/assistants/:id', requireAdmin(), deleteAssistant(services));
  router.all('/threads', threadsRetired);
  router.all('/threads/*rest', threadsRetired);
  return router;
}

/** OpenAI's /v1/assistants (the store is main/assistants/AssistantStore.ts), also under /api/v1 as the rest of the family. */
export function assistantsRouter(services: Services): Router {
  return mountUnder(['/v1', '/api/v1'], () => endpoints(services));
}
