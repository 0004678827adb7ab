import type { Context } from 'koa';
import type { Services } from '../../services.js';
import { actorOf } from '../ragActor.js';

/** GET /v1/datastores: the caller's own and public datastores (all, for admins), as an OpenAI-style list. */
export function datastoresList(services: Services) {
  return async (ctx: Context) => {
    ctx.body = { object: 'list', data: services.rag.list(actorOf(ctx)) };
  };
}

/** POST /v1/datastores {name, model, description?, chunkSize?, chunkOverlap?, visibility?} → 201. */
export function datastoresCreate(services: Services) {
  return async (ctx: Context) => {
    ctx.status = 201;
    ctx.body = await services.rag.create(actorOf(ctx), ctx.request.body);
  };
}

export function datastoresGet(services: Services) {
  return async (ctx: Context) => {
    ctx.body = services.rag.get(actorOf(ctx), ctx.params.id!);
  };
}

/** PATCH /v1/datastores/:id {name?, description?, visibility?}. */
export function datastoresUpdate(services: Services) {
  return async (ctx: Context) => {
    ctx.body = await services.rag.update(actorOf(ctx), ctx.params.id!, ctx.request.body);
  };
}

/** DELETE /v1/datastores/:id: cancels its jobs and drops its tables. */
export function datastoresDelete(services: Services) {
  return async (ctx: Context) => {
    await services.rag.delete(actorOf(ctx), ctx.params.id!);
    ctx.body = { id: ctx.params.id, object: 'datastore', deleted: true };
  };
}
