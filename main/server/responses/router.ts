import Router from '@koa/router';
import type { Services } from '../../services.js';
import { mountUnder } from '../mountUnder.js';
import { createConversationItems, deleteConversationItem, listConversationItems, retrieveConversationItem } from './conversationItems.js';
import { createConversation, deleteConversation, retrieveConversation, updateConversation } from './conversations.js';
import { inputTokens } from './inputTokens.js';
import { deleteResponse, inputItems, retrieveResponse } from './responseById.js';
import { responses } from './responses.js';

/** Where the Responses API is served: `/v1` as OpenAI, and `/api/v1` beside the rest of the OpenAI family there. */
export const responsesPrefixes = ['/v1', '/api/v1'] as const;

function endpoints(services: Services): Router {
  const router = new Router();
  router.post('/responses', responses(services));
  router.post('/responses/input_tokens', inputTokens(services));
  router.get('/responses/:id', retrieveResponse(services));
  router.delete('/responses/:id', deleteResponse(services));
  router.get('/responses/:id/input_items', inputItems(services));
  router.post('/conversations', createConversation(services));
  router.get('/conversations/:id', retrieveConversation(services));
  router.post('/conversations/:id', updateConversation(services));
  router.delete('/conversations/:id', deleteConversation(services));
  router.get('/conversations/:id/items', listConversationItems(services));
  router.post('/conversations/:id/items', createConversationItems(services));
  router.get('/conversations/:id/items/:item_id', retrieveConversationItem(services));
  router.delete('/conversations/:id/items/:item_id', deleteConversationItem(services));
  return router;
}

/**
 * OpenAI's Responses API with its stored responses and conversations (main/responses/ResponseStore.ts),
 * mounted once per prefix. OpenAI-shaped errors (apiPaths.ts); a thin translator over engine.chat like
 * chat completions, so keys, rate limits, statistics and JIT loading apply alike.
 */
export function responsesRouter(services: Services): Router {
  return mountUnder(responsesPrefixes, () => endpoints(services));
}
