/**
 * Compile-time test, checked by `npm run typecheck`: the assistant objects we send stay assignable to the
 * openai client's own types (its beta.assistants), and its create body fits our schema.
 */
import type OpenAI from 'openai';
import type { Assistant, AssistantList, CreateAssistantRequest } from './assistants.js';

type Assignable<From, To> = [From] extends [To] ? true : false;
type Expect<T extends true> = T;

export type AssistantTypeTests = [
  Expect<Assignable<Assistant, OpenAI.Beta.Assistant>>,
  Expect<Assignable<AssistantList['data'][number], OpenAI.Beta.Assistant>>,
  Expect<Assignable<Omit<OpenAI.Beta.AssistantCreateParams, 'reasoning_effort' | 'tool_resources'>, Omit<CreateAssistantRequest, 'reasoning_effort' | 'tool_resources'>>>,
];
