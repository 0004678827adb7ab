import type { Context } from 'koa';
import { anthropicMessagesRequest, type AnthropicStreamEvent } from '../../../common/api/anthropic.js';
import type { GenerationResult } from '../../engine/types.js';
import type { Services } from '../../services.js';
import { prepareChat } from '../assistantChat.js';
import { errorBody } from '../errorBody.js';
import type { RequestUsage } from '../middleware/requestLog.js';
import { fromWireSampling } from '../sampling.js';
import { clientGoneSignal, openNamedSse } from '../stream.js';
import { streamEvents } from '../streamEvents.js';
import { MessageStream } from './MessageStream.js';
import { fromAnthropicPrompt, newMessageId, toAnthropicMessage } from './translate.js';

function usageOf(result: GenerationResult): RequestUsage {
  return { model: result.model, promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens };
}

/** POST /v1/messages: Anthropic's Messages API, one message or its event stream. */
export function messages(services: Services) {
  return async function anthropicMessages(ctx: Context): Promise<void> {
    const body = anthropicMessagesRequest.parse(ctx.request.body);
    const asked = {
      ...fromAnthropicPrompt(body),
      ...fromWireSampling({ temperature: body.temperature, top_p: body.top_p, top_k: body.top_k, stop: body.stop_sequences }, body.max_tokens),
    };
    const signal = clientGoneSignal(ctx);
    // Resolve aliases (or an assistant, applying its preset) first so the message names the real model, and an unknown one is a plain 404 before any event.
    const { request, assistant } = await prepareChat(services, ctx, asked);
    // An assistant is echoed as the client named it.
    const echoed = assistant ? body.model : request.model;
    const id = newMessageId();

    if (!body.stream) {
      const result = await services.engine.chat({ ...request, signal });
      ctx.state.usage = usageOf(result);
      ctx.body = { ...toAnthropicMessage(result, id), model: echoed };
      return;
    }

    await streamEvents(
      ctx,
      async (events) => {
        const stream = new MessageStream((event: AnthropicStreamEvent) => events.send(event), { id, model: echoed });
        try {
          const result = await services.engine.chat({
            ...request,
            signal,
            onPrompt: (usage) => stream.start(usage),
            onThoughtChunk: (text) => stream.thought(text),
            onTextChunk: (text) => text !== '' && stream.text(text),
          });
          ctx.state.usage = usageOf(result);
          stream.finish(result);
        } finally {
          stream.dispose();
        }
      },
      (streamCtx) => openNamedSse(streamCtx, (error) => errorBody('anthropic', error) as { type: 'error' }),
    );
  };
}
