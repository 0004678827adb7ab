import type { Context } from 'koa';
import { localLabChatRequest } from '../../../common/api/locallab.js';
import { prepareChat, resolveChatModel } from '../assistantChat.js';
import { streamEvents } from '../streamEvents.js';
import { clientGoneSignal } from '../stream.js';
import { recordUsage } from './generate.js';
import type { LocalLab } from './context.js';
import { openLocalLabSse } from './textSse.js';
import { fromLocalLabChatRequest, toLocalLabChatResponse } from './translate.js';

/** POST /chat: a conversation; streams like /generate (raw text chunks, then `[DONE]`). */
export function chat({ services, current }: LocalLab) {
  return async function localLabChat(ctx: Context): Promise<void> {
    const body = localLabChatRequest.parse(ctx.request.body);
    // model_id may name an assistant: its model runs with its instructions and datastores (LocalLab's own sampling defaults stay).
    const resolved = body.model_id ? await resolveChatModel(services, body.model_id, (name) => current.resolve(name)) : { id: await current.resolve(null), assistant: null };
    const model = resolved.id;
    current.markUsed(model);
    const prepared = await prepareChat(services, ctx, fromLocalLabChatRequest(body, model), { resolved });
    const request = { ...prepared.request, signal: clientGoneSignal(ctx) };

    if (!body.stream) {
      const result = await services.engine.chat(request);
      recordUsage(ctx, [result], model);
      ctx.body = toLocalLabChatResponse(result);
      return;
    }
    await streamEvents(
      ctx,
      async (events) => {
        const result = await services.engine.chat({ ...request, onTextChunk: (text) => events.send(text) });
        recordUsage(ctx, [result], model);
      },
      openLocalLabSse,
    );
  };
}
