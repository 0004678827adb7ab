import type { Context } from 'koa';
import { localActor, type Actor } from '../rag/access.js';

/**
 * Who asks, for datastore ownership and visibility, from what the auth middleware put on ctx.state: an
 * API key, or (keys off, the desktop shell's token) the machine's local user. Shared by the Hearth
 * datastore routes and LoLLMs' RAG routes.
 */
export function actorOf(ctx: Context): Actor {
  const auth = ctx.state.auth;
  if (!auth || auth.keyId === null) return localActor;
  return { keyId: auth.keyId, name: auth.alias ?? auth.keyId, role: auth.role };
}
