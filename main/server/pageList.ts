import { InvalidRequestError } from '../../common/errors.js';

/** The cursor query OpenAI's lists take: `after` or `before` an id, `limit` items, newest first unless `order=asc`. */
export interface ListQuery {
  limit: number;
  order?: 'asc' | 'desc';
  after?: string;
  before?: string;
}

/** One page of a list in OpenAI's cursor form (Responses items, conversation items, assistants), oldest first in `items`. */
export function pageList<T extends { id: string }>(items: readonly T[], query: ListQuery, noun = 'item') {
  const ordered = query.order === 'asc' ? items : [...items].reverse();
  const indexOf = (id: string, param: 'after' | 'before') => {
    const index = ordered.findIndex((item) => item.id === id);
    if (index === -1) throw new InvalidRequestError(`No ${noun} with id '${id}' is in this list.`, { param });
    return index;
  };
  const start = query.after !== undefined ? indexOf(query.after, 'after') + 1 : 0;
  const end = query.before !== undefined ? indexOf(query.before, 'before') : ordered.length;
  // With `before` alone, the page is the `limit` items just before it, as a cursor moving backwards expects.
  const backwards = query.before !== undefined && query.after === undefined;
  const from = backwards ? Math.max(start, end - query.limit) : start;
  const data = ordered.slice(from, Math.min(end, from + query.limit));
  return {
    object: 'list' as const,
    data,
    first_id: data[0]?.id ?? null,
    last_id: data.at(-1)?.id ?? null,
    has_more: backwards ? from > 0 : from + data.length < end,
  };
}
