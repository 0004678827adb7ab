/**
 * Pieces of OpenAI's wire format that families besides the OpenAI one answer in too: LoLLMs reports
 * usage as OpenAI does, Ollama's /api/chat takes OpenAI's tool_choice as an extension.
 */
import type { OpenAiToolChoice, OpenAiUsage } from '../../common/api/openai.js';
import { InvalidRequestError } from '../../common/errors.js';
import type { ToolChoice, Usage } from '../engine/types.js';

/** tool_choice as the engine takes it; one that forces a call needs tools. */
export function fromOpenAiToolChoice(choice: OpenAiToolChoice | null | undefined, hasTools: boolean): ToolChoice | undefined {
  if (choice == null) return undefined;
  if (!hasTools) {
    if (choice === 'none' || choice === 'auto') return undefined;
    throw new InvalidRequestError('tool_choice forces a tool call but no tools were given.', { param: 'tool_choice' });
  }
  return typeof choice === 'string' ? choice : { name: choice.function.name };
}

export function toOpenAiUsage(usage: Usage): OpenAiUsage {
  return {
    prompt_tokens: usage.promptTokens,
    completion_tokens: usage.completionTokens,
    total_tokens: usage.promptTokens + usage.completionTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedPromptTokens },
  };
}
