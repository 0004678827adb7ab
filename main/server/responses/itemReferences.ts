import type { ResponsesInputItem, ResponsesItem } from '../../../common/api/responses.js';
import type { Owner, ResponseStore } from '../../responses/ResponseStore.js';
import { unknownItem } from './translate.js';

/**
 * The items that `input`'s item_references name, by id: first among `known` (the history the request
 * continues, read already), then in the owner's stored responses and conversations. An id found nowhere
 * is a 400 naming it, before anything runs.
 */
export async function resolveItemReferences(
  store: ResponseStore,
  owner: Owner,
  input: string | ResponsesInputItem[],
  param: string,
  known: readonly ResponsesItem[] = [],
): Promise<Map<string, ResponsesItem>> {
  const references = typeof input === 'string' ? [] : input.flatMap((item, index) => (item.type === 'item_reference' ? [{ id: item.id, index }] : []));
  const found = new Map<string, ResponsesItem>();
  if (references.length === 0) return found;
  for (const item of known) if (!found.has(item.id)) found.set(item.id, item);
  const missing = new Set(references.map((reference) => reference.id).filter((id) => !found.has(id)));
  if (missing.size > 0) for (const [id, item] of await store.findItems(missing, owner)) found.set(id, item);
  const unknown = references.find((reference) => !found.has(reference.id));
  if (unknown) throw unknownItem(unknown.id, `${param}.${unknown.index}.id`);
  return found;
}
