import type { ChatMessage } from './types.js';

export interface FittedMessages {
  messages: ChatMessage[];
  /** Messages left out from the start of the conversation. */
  omitted: number;
}

/**
 * The messages with the fewest oldest turns left out so that `countTokens(messages)` is at most `budget`
 * (a request's `truncation: "auto"`, named after OpenAI's Responses API). System messages and the last
 * message always stay; a tool result whose call was left out goes with it, since templates reject an
 * orphaned result. When nothing fits, every turn that may go is left out and the caller's own context
 * check answers. Counting renders the whole template, so the cut is found by binary search.
 */
export function fitToContext(messages: ChatMessage[], budget: number, countTokens: (messages: ChatMessage[]) => number): FittedMessages {
  const droppable = messages.slice(0, -1).flatMap((message, index) => (message.role === 'system' ? [] : [index]));
  const without = (count: number): FittedMessages => {
    const gone = new Set(droppable.slice(0, count));
    const kept: ChatMessage[] = [];
    for (const [index, message] of messages.entries()) {
      const orphanedResult = message.role === 'tool' && index < messages.length - 1 && !kept.some((other) => other.role !== 'system');
      if (gone.has(index) || orphanedResult) continue;
      kept.push(message);
    }
    return { messages: kept, omitted: messages.length - kept.length };
  };
  if (countTokens(messages) <= budget) return { messages, omitted: 0 };
  // The smallest count that fits, in (low, high]: 0 is known not to fit; all of them is the fallback.
  let low = 0;
  let high = droppable.length;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (countTokens(without(middle).messages) <= budget) high = middle;
    else low = middle;
  }
  return without(high);
}
