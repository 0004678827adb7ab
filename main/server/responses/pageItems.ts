import type { ItemList, ItemListQuery, ResponsesItem } from '../../../common/api/responses.js';
import { InvalidRequestError } from '../../../common/errors.js';

/** One page of a list in OpenAI's cursor form: `after` an item id, `limit` items, newest first unless `order=asc`. */
export function pageItems(items: ResponsesItem[], query: ItemListQuery): ItemList<ResponsesItem> {
  const ordered = query.order === 'asc' ? items : [...items].reverse();
  let start = 0;
  if (query.after !== undefined) {
    const index = ordered.findIndex((item) => item.id === query.after);
    if (index === -1) throw new InvalidRequestError(`No item with id '${query.after}' is in this list.`, { param: 'after' });
    start = index + 1;
  }
  const data = ordered.slice(start, start + query.limit);
  return { object: 'list', data, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null, has_more: start + data.length < ordered.length };
}
