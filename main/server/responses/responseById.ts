import type { Context } from 'koa';
import { itemListQuery, type ResponsesDeleted } from '../../../common/api/responses.js';
import { NotFoundError } from '../../../common/errors.js';
import type { StoredResponse } from '../../responses/ResponseStore.js';
import type { Services } from '../../services.js';
import { ownerOf } from './context.js';
import { pageList } from '../pageList.js';

/** The same 404 for a response that never was, was not stored, expired or is another key's. */
async function stored(services: Services, ctx: Context): Promise<StoredResponse> {
  const id = ctx.params.id as string;
  const record = await services.responses.getResponse(id, ownerOf(ctx));
  if (!record) throw new NotFoundError(`No response found with id '${id}'.`, { param: 'response_id', code: 'response_not_found' });
  return record;
}

/** GET /responses/{id} */
export function retrieveResponse(services: Services) {
  return async function responseGet(ctx: Context): Promise<void> {
    ctx.body = (await stored(services, ctx)).response;
  };
}

/** DELETE /responses/{id} */
export function deleteResponse(services: Services) {
  return async function responseDelete(ctx: Context): Promise<void> {
    const { response } = await stored(services, ctx);
    await services.responses.deleteResponse(response.id, ownerOf(ctx));
    ctx.body = { id: response.id, object: 'response', deleted: true } satisfies ResponsesDeleted;
  };
}

/**
 * GET /responses/{id}/input_items: everything the response saw as input, the items it continued (from
 * previous_response_id or its conversation) and then its own, newest first unless `order=asc`.
 */
export function inputItems(services: Services) {
  return async function responseInputItems(ctx: Context): Promise<void> {
    const query = itemListQuery.parse(ctx.query);
    const record = await stored(services, ctx);
    ctx.body = pageList([...(record.history ?? []), ...record.input], query);
  };
}
