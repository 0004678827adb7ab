import type { Context } from 'koa';
import { collectionIds, openAiChatRequest, type OpenAiChatCompletionChunk } from '../../../common/api/openai.js';
import type { FinishReason, GenerationResult } from '../../engine/types.js';
import { groundChat } from '../../rag/groundChat.js';
import type { Services } from '../../services.js';
import type { RequestUsage } from '../middleware/requestLog.js';
import { actorOf } from '../ragActor.js';
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

/** POST /chat/completions, non-streamed or as server-sent events. */
export function chatCompletions(services: Services) {
  return async function chatCompletion(ctx: Context): Promise<void> {
    const body = openAiChatRequest.parse(ctx.request.body);
    const request = fromOpenAiChatRequest(body);
    const signal = clientGoneSignal(ctx);
    // Resolve aliases first so every chunk names the real model, and an unknown one is a plain 404.
    const { id: model } = await services.engine.getModel(body.model);
    const identity = newResponseIdentity('chatcmpl', model);
    // With `files`, the last user message carries the passages that fit, and the answer names them in `sources`.
    const grounded = body.files?.length
      ? await groundChat(services.rag, services.engine, { actor: actorOf(ctx), model, messages: request.messages, datastoreIds: collectionIds(body.files), maxTokens: request.maxTokens, logger: ctx.state.logger })
      : undefined;
    if (grounded) request.messages = grounded.messages;
    const sources = grounded ? { sources: grounded.sources } : {};

    if (!body.stream) {
      const result = await services.engine.chat({ ...request, signal });
      ctx.state.usage = usageOf(result);
      ctx.body = { ...toOpenAiChatCompletion(result, identity), ...sources };
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
      events.send(chunk({}, result.finishReason));
      // One last chunk with no choices, as OpenAI sends usage: the usage if asked for, and the sources of a grounded chat.
      if (includeUsage || grounded) {
        events.send({ ...identity, object: 'chat.completion.chunk', choices: [], ...(includeUsage ? { usage: toOpenAiUsage(result.usage) } : {}), ...sources } satisfies OpenAiChatCompletionChunk);
      }
    });
  };
}
