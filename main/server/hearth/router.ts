import Router from '@koa/router';
import type { Services } from '../../services.js';
import { mountUnder } from '../mountUnder.js';
import {
  conversationsCreate,
  conversationsDelete,
  conversationsExport,
  conversationsGet,
  conversationsList,
  conversationsRestore,
  conversationsUpdate,
} from './conversations.js';

function endpoints(services: Services): Router {
  const router = new Router();
  router.get('/hearth/conversations', conversationsList(services));
  router.post('/hearth/conversations', conversationsCreate(services));
  router.get('/hearth/conversations/:id', conversationsGet(services));
  router.patch('/hearth/conversations/:id', conversationsUpdate(services));
  router.delete('/hearth/conversations/:id', conversationsDelete(services));
  router.post('/hearth/conversations/:id/restore', conversationsRestore(services));
  router.get('/hearth/conversations/:id/export', conversationsExport(services));
  return router;
}

/**
 * Hearth's own routes that no other API has (the chat UI's stored conversations, main/conversations/),
 * under /v1 and /api/v1 so they get keys, host checks and OpenAI-shaped errors like the rest of the family.
 */
export function hearthRouter(services: Services): Router {
  return mountUnder(['/v1', '/api/v1'], () => endpoints(services));
}
