import type { Context } from 'koa';
import { anthropicCountTokensRequest, type AnthropicTokenCount } from '../../../common/api/anthropic.js';
import type { Services } from '../../services.js';
import { resolveChatModel, withAssistant } from '../assistantChat.js';
import { fromAnthropicPrompt } from './translate.js';

/**
 * POST /v1/messages/count_tokens: the prompt's tokens as the model's own chat template renders the
 * messages and tools, the count a message's `usage.input_tokens` and cache reads add up to.
 */
export function countTokens(services: Services) {
  return async function anthropicCountTokens(ctx: Context): Promise<void> {
    const body = anthropicCountTokensRequest.parse(ctx.request.body);
    // An assistant's instructions and tools count as its messages would send them (its datastores' passages depend on the search, and are not counted).
    const { id: model, assistant } = await resolveChatModel(services, body.model);
    const asked = { ...fromAnthropicPrompt(body), model };
    const request = assistant ? withAssistant(assistant, asked) : asked;
    const tools = request.toolChoice === 'none' ? [] : (request.tools ?? []);
    const inputTokens = await services.engine.chatPromptTokens(model, request.messages, tools);
    ctx.state.usage = { model, promptTokens: inputTokens };
    ctx.body = { input_tokens: inputTokens } satisfies AnthropicTokenCount;
  };
}
