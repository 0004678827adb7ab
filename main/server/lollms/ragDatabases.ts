import type { Context } from 'koa';
import type { Lollms } from './context.js';
import { actorOf } from '../ragActor.js';

/**
 * GET /lollms/v1/rag/databases: the datastores the key may query (its own, public ones; all for admins) in
 * LoLLMs' shape. `vectorizer` names the embedding model, as LoLLMs names its vectorizer there.
 */
export function ragDatabases(lollms: Lollms) {
  return async (ctx: Context) => {
    const rag = lollms.services.rag;
    ctx.body = {
      object: 'list',
      data: rag.list(actorOf(ctx)).map((record) => ({
        id: record.id,
        name: record.name,
        description: record.description,
        vectorizer: record.embeddingModel.id,
        is_public: record.visibility === 'public',
        owner_username: rag.ownerName(record),
        created_at: new Date(record.createdAt).toISOString(),
        updated_at: new Date(record.updatedAt).toISOString(),
      })),
    };
  };
}
