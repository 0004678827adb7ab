/**
 * Compile-time test, checked by `npm run typecheck`: the responses we send stay assignable to the
 * official openai client's own types, so an SDK user's code typechecks against what we return.
 * A type-only import: nothing of the openai package reaches the built app.
 */
import type OpenAI from 'openai';
import type {
  OpenAiChatCompletion,
  OpenAiChatCompletionChunk,
  OpenAiChatRequest,
  OpenAiCompletion,
  OpenAiEmbeddingResponse,
  OpenAiModel,
  OpenAiUsage,
} from './openai.js';

type Assignable<From, To> = [From] extends [To] ? true : false;
type Expect<T extends true> = T;

export type OpenAiTypeTests = [
  Expect<Assignable<OpenAiChatCompletion, OpenAI.Chat.ChatCompletion>>,
  Expect<Assignable<OpenAiChatCompletionChunk, OpenAI.Chat.ChatCompletionChunk>>,
  Expect<Assignable<OpenAiCompletion, OpenAI.Completion>>,
  Expect<Assignable<OpenAiEmbeddingResponse, OpenAI.CreateEmbeddingResponse>>,
  Expect<Assignable<OpenAiModel, OpenAI.Model>>,
  Expect<Assignable<OpenAiUsage, OpenAI.CompletionUsage>>,
  // The other way for requests: a typical SDK message list fits our schema's type.
  Expect<Assignable<OpenAI.Chat.ChatCompletionSystemMessageParam | OpenAI.Chat.ChatCompletionUserMessageParam, OpenAiChatRequest['messages'][number]>>,
];
