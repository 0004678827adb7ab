/**
 * Compile-time test, checked by `npm run typecheck`: what /v1/responses and /v1/conversations send stays
 * assignable to the official openai client's own types. Type-only imports.
 */
import type OpenAI from 'openai';
import type { Conversation, ConversationDeleted, ItemList, ResponsesCreateRequest, ResponsesItem, ResponsesResponse, ResponsesStreamEvent } from './responses.js';

type Assignable<From, To> = [From] extends [To] ? true : false;
type Expect<T extends true> = T;
type Sequenced<Event> = Event extends unknown ? Event & { sequence_number: number } : never;

export type ResponsesTypeTests = [
  Expect<Assignable<ResponsesResponse, OpenAI.Responses.Response>>,
  Expect<Assignable<Sequenced<ResponsesStreamEvent>, OpenAI.Responses.ResponseStreamEvent>>,
  Expect<Assignable<ResponsesItem, OpenAI.Responses.ResponseItem>>,
  Expect<Assignable<ResponsesItem, OpenAI.Conversations.ConversationItem>>,
  // An empty list has no first or last id; OpenAI's type has them always.
  Expect<Assignable<Omit<ItemList<ResponsesItem>, 'first_id' | 'last_id'>, Omit<OpenAI.Conversations.ConversationItemList, 'first_id' | 'last_id'>>>,
  Expect<Assignable<Conversation, OpenAI.Conversations.Conversation>>,
  Expect<Assignable<ConversationDeleted, OpenAI.Conversations.ConversationDeletedResource>>,
  // The other way for requests: typical SDK input items fit our schema's type.
  Expect<Assignable<OpenAI.Responses.EasyInputMessage & { type: 'message'; content: string }, ResponsesCreateRequest['input'] extends infer I ? (I extends Array<infer Item> ? Item : never) : never>>,
  Expect<Assignable<OpenAI.Responses.ResponseFunctionToolCall, Extract<ResponsesCreateRequest['input'], unknown[]>[number]>>,
];
