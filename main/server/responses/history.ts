import type { ResponsesCreateRequest, ResponsesItem } from '../../../common/api/responses.js';
import { InvalidRequestError, NotFoundError } from '../../../common/errors.js';
import type { Owner, ResponseStore, StoredConversation } from '../../responses/ResponseStore.js';

/** What a response continues: the items before its own input, and the conversation it adds to. */
export interface ResponseHistory {
  items: ResponsesItem[];
  conversation: StoredConversation | null;
}

export function conversationNotFound(id: string, param = 'conversation'): NotFoundError {
  return new NotFoundError(`No conversation found with id '${id}'.`, { param, code: 'conversation_not_found' });
}

/**
 * The items a request continues: a conversation's items, or every input and output along the chain of
 * previous responses, oldest first (instructions are not carried over, as OpenAI does not carry them).
 * Another key's records read as missing.
 */
export async function historyOf(store: ResponseStore, body: ResponsesCreateRequest, owner: Owner): Promise<ResponseHistory> {
  if (body.previous_response_id && body.conversation) {
    throw new InvalidRequestError('Send previous_response_id or conversation, not both.', { param: 'conversation' });
  }
  if (body.conversation) {
    const id = typeof body.conversation === 'string' ? body.conversation : body.conversation.id;
    const conversation = await store.getConversation(id, owner);
    if (!conversation) throw conversationNotFound(id);
    return { items: conversation.items, conversation };
  }
  if (!body.previous_response_id) return { items: [], conversation: null };
  const chain = [];
  let id: string | null = body.previous_response_id;
  while (id) {
    const stored = await store.getResponse(id, owner);
    if (!stored) {
      // The one the request names must exist; an older link past retention ends the history there.
      if (chain.length > 0) break;
      throw new InvalidRequestError(`Previous response with id '${id}' not found.`, { param: 'previous_response_id', code: 'previous_response_not_found' });
    }
    chain.unshift(stored);
    id = stored.response.previous_response_id;
  }
  return { items: chain.flatMap((stored) => [...stored.input, ...stored.response.output]), conversation: null };
}
