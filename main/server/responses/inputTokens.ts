import type { Context } from 'koa';
import { responsesCreateRequest, type ResponsesInputTokens } from '../../../common/api/responses.js';
import type { Services } from '../../services.js';
import { prepareChat } from '../assistantChat.js';
import { ownerOf } from './context.js';
import { responsePrompt } from './responsePrompt.js';
import { fileSearchOf } from './translate.js';

/**
 * POST /responses/input_tokens: the tokens a response with the same body would evaluate as its input, through
 * the model's own tokenizer and chat template with its instructions, history (previous_response_id or
 * conversation), function tools and file_search passages, prepared as POST /responses prepares them (an
 * assistant's preset too): the count its `usage.input_tokens` shows. Nothing is stored or generated.
 */
export function inputTokens(services: Services) {
  return async function responsesInputTokens(ctx: Context): Promise<void> {
    const body = responsesCreateRequest.parse(ctx.request.body);
    const { request: asked } = await responsePrompt(services, body, ownerOf(ctx));
    const { request } = await prepareChat(services, ctx, asked, { datastoreIds: fileSearchOf(body)?.vector_store_ids ?? [] });
    const tools = request.toolChoice === 'none' ? [] : (request.tools ?? []);
    const count = await services.engine.chatPromptTokens(request.model, request.messages, tools);
    ctx.state.usage = { model: request.model, promptTokens: count };
    ctx.body = { object: 'response.input_tokens', input_tokens: count } satisfies ResponsesInputTokens;
  };
}
