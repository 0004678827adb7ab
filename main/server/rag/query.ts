import type { Context } from 'koa';
import type { Services } from '../../services.js';
import { actorOf } from '../ragActor.js';

/** POST /v1/datastores/:id/query {query, mode?, topK?, minScore?, documentIds?} → {object: 'list', data: results}. */
export function datastoresQuery(services: Services) {
  return async (ctx: Context) => {
    ctx.body = { object: 'list', data: await services.rag.query(actorOf(ctx), ctx.params.id!, ctx.request.body) };
  };
}

/** POST /v1/datastores/:id/reindex {model, chunkSize?, chunkOverlap?} → 202 with the job. */
export function datastoresReindex(services: Services) {
  return async (ctx: Context) => {
    ctx.status = 202;
    ctx.body = await services.rag.reindex(actorOf(ctx), ctx.params.id!, ctx.request.body);
  };
}
