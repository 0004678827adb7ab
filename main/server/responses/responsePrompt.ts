import type { ResponsesCreateRequest, ResponsesItem } from '../../../common/api/responses.js';
import type { ChatRequest } from '../../engine/types.js';
import type { Owner } from '../../responses/ResponseStore.js';
import type { Services } from '../../services.js';
import { historyOf, type ResponseHistory } from './history.js';
import { resolveItemReferences } from './itemReferences.js';
import { fromResponsesRequest, toStoredItems } from './translate.js';

export interface ResponsePrompt {
  /** The request's own input items, as stored (references replaced by the items they name). */
  input: ResponsesItem[];
  /** What it continues: earlier items and the conversation it adds to. */
  history: ResponseHistory;
  /** The engine request over history then input, minus signal and callbacks. */
  request: ChatRequest;
}

/** What a response body asks the model, read the same way by POST /responses and POST /responses/input_tokens. */
export async function responsePrompt(services: Services, body: ResponsesCreateRequest, owner: Owner): Promise<ResponsePrompt> {
  const history = await historyOf(services.responses, body, owner);
  const references = await resolveItemReferences(services.responses, owner, body.input, 'input', history.items);
  const input = toStoredItems(body.input, 'input', references);
  return { input, history, request: fromResponsesRequest(body, [...history.items, ...input]) };
}
