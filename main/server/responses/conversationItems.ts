import type { Context } from 'koa';
import { conversationItemsCreateRequest, itemListQuery, type ItemList, type ResponsesItem } from '../../../common/api/responses.js';
import { NotFoundError } from '../../../common/errors.js';
import type { Services } from '../../services.js';
import { ownerOf } from './context.js';
import { ownConversation } from './conversations.js';
import { conversationNotFound } from './history.js';
import { resolveItemReferences } from './itemReferences.js';
import { pageList } from '../pageList.js';
import { toStoredItems } from './translate.js';

function itemNotFound(id: string): NotFoundError {
  return new NotFoundError(`No item with id '${id}' is in this conversation.`, { param: 'item_id', code: 'item_not_found' });
}

/** GET /conversations/{id}/items: newest first unless `order=asc`. */
export function listConversationItems(services: Services) {
  return async function conversationItemsList(ctx: Context): Promise<void> {
    const query = itemListQuery.parse(ctx.query);
    ctx.body = pageList((await ownConversation(services, ctx)).items, query);
  };
}

/** POST /conversations/{id}/items: adds items at the end; answers with the items as stored. */
export function createConversationItems(services: Services) {
  return async function conversationItemsCreate(ctx: Context): Promise<void> {
    const { items } = conversationItemsCreateRequest.parse(ctx.request.body);
    const conversation = await ownConversation(services, ctx);
    const references = await resolveItemReferences(services.responses, ownerOf(ctx), items, 'items', conversation.items);
    const stored = toStoredItems(items, 'items', references);
    const id = conversation.conversation.id;
    const updated = await services.responses.updateConversation(id, ownerOf(ctx), (record) => ({ ...record, items: [...record.items, ...stored] }));
    if (!updated) throw conversationNotFound(id, 'conversation_id');
    ctx.body = { object: 'list', data: stored, first_id: stored[0]!.id, last_id: stored.at(-1)!.id, has_more: false } satisfies ItemList<ResponsesItem>;
  };
}

/** GET /conversations/{id}/items/{item_id} */
export function retrieveConversationItem(services: Services) {
  return async function conversationItemGet(ctx: Context): Promise<void> {
    const itemId = ctx.params.item_id as string;
    const item = (await ownConversation(services, ctx)).items.find((candidate) => candidate.id === itemId);
    if (!item) throw itemNotFound(itemId);
    ctx.body = item;
  };
}

/** DELETE /conversations/{id}/items/{item_id}: answers with the conversation, as OpenAI does. */
export function deleteConversationItem(services: Services) {
  return async function conversationItemDelete(ctx: Context): Promise<void> {
    const itemId = ctx.params.item_id as string;
    const id = (await ownConversation(services, ctx)).conversation.id;
    let found = false;
    const updated = await services.responses.updateConversation(id, ownerOf(ctx), (record) => {
      const items = record.items.filter((item) => item.id !== itemId);
      found = items.length < record.items.length;
      return found ? { ...record, items } : null;
    });
    if (!updated) throw conversationNotFound(id, 'conversation_id');
    if (!found) throw itemNotFound(itemId);
    ctx.body = updated.conversation;
  };
}
