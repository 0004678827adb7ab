import type { Context } from 'koa';
import { collectionIds, openAiChatRequest, type HearthChatExtras, type OpenAiChatCompletionChunk } from '../../../common/api/openai.js';
import type { ChatRequest, FinishReason, GenerationResult } from '../../engine/types.js';
import type { Services } from '../../services.js';
import type { RequestUsage } from '../middleware/requestLog.js';
import { prepareChat } from '../assistantChat.js';
import { clientGoneSignal } from '../stream.js';
import { toOpenAiUsage } from '../openAiShapes.js';
import { streamEvents } from '../streamEvents.js';
import {
  fromOpenAiChatRequest,
  newResponseIdentity,
  toOpenAiChatChunk,
  toOpenAiChatCompletion,
  toOpenAiToolCallDeltas,
} from './translate.js';

type Delta = OpenAiChatCompletionChunk['choices'][number]['delta'];

function usageOf(result: GenerationResult): RequestUsage {
  return { model: result.model, promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens };
}

/** Asked for truncation "auto": the count of messages left out, 0 included, so a client can rely on the field. */
function hearthExtras(request: ChatRequest, result: GenerationResult): { hearth: HearthChatExtras } | undefined {
  return request.truncation === 'auto' ? { hearth: { omitted_messages: result.omittedMessages ?? 0 } } : undefined;
}

/** POST /chat/completions, non-streamed or as server-sent events. */
export function chatCompletions(services: Services) {
  return async function chatCompletion(ctx: Context): Promise<void> {
    const body = openAiChatRequest.parse(ctx.request.body);
    const signal = clientGoneSignal(ctx);
    // Resolve aliases (or an assistant) first so every chunk names the real model, and an unknown one is a plain 404.
    // With `files` or an assistant's datastores, the last user message carries the passages that fit, and the answer names them in `sources`.
    const prepared = await prepareChat(services, ctx, fromOpenAiChatRequest(body), { datastoreIds: collectionIds(body.files ?? []) });
    const request = prepared.request;
    // An assistant is echoed as the client named it, as OpenAI echoes the model asked for.
    const identity = newResponseIdentity('chatcmpl', prepared.assistant ? body.model : request.model);
    const grounded = prepared.sources !== undefined;
    const sources = grounded ? { sources: prepared.sources } : {};

    if (!body.stream) {
      const result = await services.engine.chat({ ...request, signal });
      ctx.state.usage = usageOf(result);
      const extras = hearthExtras(request, result);
      if (extras) ctx.set('X-Hearth-Omitted-Messages', String(extras.hearth.omitted_messages));
      ctx.body = { ...toOpenAiChatCompletion(result, identity), model: identity.model, ...sources, ...extras };
      return;
    }

    const includeUsage = body.stream_options?.include_usage === true;
    // With include_usage OpenAI puts `usage: null` on every chunk but the last.
    const chunk = (delta: Delta, finishReason: FinishReason | null = null): OpenAiChatCompletionChunk => {
      const value = toOpenAiChatChunk(identity, delta, finishReason);
      return includeUsage ? { ...value, usage: null } : value;
    };
    await streamEvents(ctx, async (events) => {
      let started = false;
      // The first chunk carries the role, as OpenAI's does.
      const start = () => {
        if (!started) events.send(chunk({ role: 'assistant', content: '' }));
        started = true;
      };
      const result = await services.engine.chat({
        ...request,
        signal,
        onTextChunk(text: string) {
          start();
          if (text !== '') events.send(chunk({ content: text }));
        },
      });
      start();
      for (const toolCalls of toOpenAiToolCallDeltas(result.toolCalls)) events.send(chunk({ tool_calls: toolCalls }));
      ctx.state.usage = usageOf(result);
      events.send({ ...chunk({}, result.finishReason), ...hearthExtras(request, result) });
      // One last chunk with no choices, as OpenAI sends usage: the usage if asked for, and the sources of a grounded chat.
      if (includeUsage || grounded) {
        events.send({ ...identity, object: 'chat.completion.chunk', choices: [], ...(includeUsage ? { usage: toOpenAiUsage(result.usage) } : {}), ...sources } satisfies OpenAiChatCompletionChunk);
      }
    });
  };
}
