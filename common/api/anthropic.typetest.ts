/**
 * Compile-time test, checked by `npm run typecheck`: what /v1/messages sends stays assignable to the
 * official Anthropic SDK's own types, so SDK users' code typechecks against it. Type-only imports.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { AnthropicMessageResponse, AnthropicMessagesRequest, AnthropicStreamEvent, AnthropicTokenCount } from './anthropic.js';

type Assignable<From, To> = [From] extends [To] ? true : false;
type Expect<T extends true> = T;

export type AnthropicTypeTests = [
  Expect<Assignable<AnthropicMessageResponse, Anthropic.Message>>,
  // `ping` keeps the connection alive; the SDK skips it before its own event types apply.
  Expect<Assignable<Exclude<AnthropicStreamEvent, { type: 'ping' }>, Anthropic.RawMessageStreamEvent>>,
  Expect<Assignable<AnthropicTokenCount, Anthropic.MessageTokensCount>>,
  // The other way for requests: a typical SDK message list fits our schema's type.
  Expect<Assignable<{ role: Anthropic.MessageParam['role']; content: string | Array<Anthropic.TextBlockParam | Anthropic.ToolUseBlockParam | Anthropic.ThinkingBlockParam> }, AnthropicMessagesRequest['messages'][number]>>,
];
