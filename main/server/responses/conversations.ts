import type { Context } from 'koa';
import { conversationCreateRequest, conversationUpdateRequest, type Conversation, type ConversationDeleted } from '../../../common/api/responses.js';
import type { StoredConversation } from '../../responses/ResponseStore.js';
import type { Services } from '../../services.js';
import { ownerOf } from './context.js';
import { conversationNotFound } from './history.js';
import { resolveItemReferences } from './itemReferences.js';
import { newId, toStoredItems } from './translate.js';

/** A conversation the caller owns; any other is a 404. */
export async function ownConversation(services: Services, ctx: Context): Promise<StoredConversation> {
  const id = ctx.params.id as string;
  const record = await services.responses.getConversation(id, ownerOf(ctx));
  if (!record) throw conversationNotFound(id, 'conversation_id');
  return record;
}

/** POST /conversations: a conversation, with its first items if given. */
export function createConversation(services: Services) {
  return async function conversationCreate(ctx: Context): Promise<void> {
    const body = conversationCreateRequest.parse(ctx.request.body ?? {});
    const owner = ownerOf(ctx);
    const references = await resolveItemReferences(services.responses, owner, body.items ?? [], 'items');
    const items = toStoredItems(body.items ?? [], 'items', references);
    const conversation: Conversation = { id: newId('conv'), object: 'conversation', created_at: Math.floor(Date.now() / 1000), metadata: body.metadata ?? {} };
    await services.responses.createConversation({ owner, conversation, items });
    ctx.body = conversation;
  };
}

/** GET /conversations/{id} */
export function retrieveConversation(services: Services) {
  return async function conversationGet(ctx: Context): Promise<void> {
    ctx.body = (await ownConversation(services, ctx)).conversation;
  };
}

/** POST /conversations/{id}: new metadata. */
export function updateConversation(services: Services) {
  return async function conversationUpdate(ctx: Context): Promise<void> {
    const { metadata } = conversationUpdateRequest.parse(ctx.request.body);
    const id = (await ownConversation(services, ctx)).conversation.id;
    const updated = await services.responses.updateConversation(id, ownerOf(ctx), (record) => ({ ...record, conversation: { ...record.conversation, metadata: metadata ?? {} } }));
    if (!updated) throw conversationNotFound(id, 'conversation_id');
    ctx.body = updated.conversation;
  };
}

/** DELETE /conversations/{id}: the conversation and its items (responses made in it stay until deleted or expired). */
export function deleteConversation(services: Services) {
  return async function conversationDelete(ctx: Context): Promise<void> {
    const id = (await ownConversation(services, ctx)).conversation.id;
    if (!(await services.responses.deleteConversation(id, ownerOf(ctx)))) throw conversationNotFound(id, 'conversation_id');
    ctx.body = { id, object: 'conversation.deleted', deleted: true } satisfies ConversationDeleted;
  };
}
