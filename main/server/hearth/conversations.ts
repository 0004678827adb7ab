import type { Context } from 'koa';
import { z } from 'zod';
import { conversationExportFormat } from '../../../common/conversations.js';
import { exportConversation } from '../../conversations/exportConversation.js';
import type { Services } from '../../services.js';
import { ownerOf } from '../owner.js';

const listQuery = z.object({ q: z.string().max(500).optional() });
const exportQuery = z.object({ format: conversationExportFormat.default('markdown') });

/** GET /v1/hearth/conversations[?q=]: the caller's conversations, newest change first, as an OpenAI-style list. */
export function conversationsList(services: Services) {
  return async (ctx: Context) => {
    const { q } = listQuery.parse(ctx.query);
    ctx.body = { object: 'list', data: await services.conversations.list(ownerOf(ctx), q) };
  };
}

/** POST /v1/hearth/conversations {title?, settings?, messages?} → 201 with the record. */
export function conversationsCreate(services: Services) {
  return async (ctx: Context) => {
    ctx.status = 201;
    ctx.body = await services.conversations.create(ownerOf(ctx), ctx.request.body ?? {});
  };
}

export function conversationsGet(services: Services) {
  return async (ctx: Context) => {
    ctx.body = await services.conversations.get(ctx.params.id!, ownerOf(ctx));
  };
}

/** PATCH /v1/hearth/conversations/:id {title?, settings?, messages?}: each field given replaces the stored one. */
export function conversationsUpdate(services: Services) {
  return async (ctx: Context) => {
    ctx.body = await services.conversations.update(ctx.params.id!, ownerOf(ctx), ctx.request.body ?? {});
  };
}

/** DELETE /v1/hearth/conversations/:id: to the trash, restorable for a day. */
export function conversationsDelete(services: Services) {
  return async (ctx: Context) => {
    await services.conversations.delete(ctx.params.id!, ownerOf(ctx));
    ctx.body = { id: ctx.params.id, object: 'hearth.conversation', deleted: true };
  };
}

export function conversationsRestore(services: Services) {
  return async (ctx: Context) => {
    ctx.body = await services.conversations.restore(ctx.params.id!, ownerOf(ctx));
  };
}

/** GET /v1/hearth/conversations/:id/export?format=markdown|json: a download, named after the title. */
export function conversationsExport(services: Services) {
  return async (ctx: Context) => {
    const { format } = exportQuery.parse(ctx.query);
    const file = exportConversation(await services.conversations.get(ctx.params.id!, ownerOf(ctx)), format);
    ctx.set('Content-Disposition', `attachment; filename="${file.fileName}"`);
    ctx.type = `${file.mimeType}; charset=utf-8`;
    ctx.body = file.content;
  };
}
