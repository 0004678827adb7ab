import type { Context } from 'koa';
import { ollamaChatRequest, type OllamaChatResponse, type OllamaResponseMessage } from '../../../common/api/ollama.js';
import { collectionIds } from '../../../common/api/openai.js';
import type { ChatRequest } from '../../engine/types.js';
import { prepareChat } from '../assistantChat.js';
import type { Services } from '../../services.js';
import { streamEvents } from '../streamEvents.js';
import { fromOpenAiToolChoice } from '../openAiShapes.js';
import { clientGoneSignal, openNdjson } from '../stream.js';
import { loadOrUnload, prepareGeneration } from './generation.js';
import { fromOllamaFormat, fromOllamaMessages, fromOllamaTools, toOllamaDoneReason, toOllamaMetrics, toOllamaToolCalls } from './translate.js';

const now = () => new Date().toISOString();

/** POST /api/chat: NDJSON by default (`stream` defaults to true), one object with `stream: false`. */
export function chat(services: Services) {
  return async function ollamaChat(ctx: Context): Promise<void> {
    const body = ollamaChatRequest.parse(ctx.request.body);
    const messages = fromOllamaMessages(body.messages);
    const { id, assistant, sampling, keepAliveSeconds } = await prepareGeneration(services, ctx, body);
    // Ollama echoes the name the client used.
    const model = body.model;

    if (messages.length === 0) {
      ctx.body = { model, created_at: now(), message: { role: 'assistant', content: '' }, done: true, ...(await loadOrUnload(services, id, keepAliveSeconds)) } satisfies OllamaChatResponse;
      return;
    }

    const tools = fromOllamaTools(body.tools);
    const toolChoice = fromOpenAiToolChoice(body.tool_choice, tools !== undefined);
    const responseFormat = fromOllamaFormat(body.format);
    // With `files` (Open WebUI's convention) or an assistant's datastores, the last user message carries the passages that fit; the final object names them in `sources`.
    const prepared = await prepareChat(
      services,
      ctx,
      {
        model: id,
        messages,
        ...sampling,
        keepAliveSeconds,
        signal: clientGoneSignal(ctx),
        ...(tools ? { tools } : {}),
        ...(toolChoice ? { toolChoice } : {}),
        ...(responseFormat ? { responseFormat } : {}),
      },
      { datastoreIds: collectionIds(body.files ?? []), resolved: { id, assistant } },
    );
    const request: ChatRequest = prepared.request;
    const sources = prepared.sources ? { sources: prepared.sources } : {};
    const message = (content: string, toolCalls: OllamaResponseMessage['tool_calls'] = []): OllamaResponseMessage => ({
      role: 'assistant',
      content,
      ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    });

    if (body.stream === false) {
      const result = await services.engine.chat(request);
      ctx.state.usage = { model: result.model, promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens };
      ctx.body = {
        model,
        created_at: now(),
        message: message(result.text, toOllamaToolCalls(result.toolCalls)),
        done: true,
        done_reason: toOllamaDoneReason(result.finishReason),
        ...toOllamaMetrics(result),
        ...sources,
      } satisfies OllamaChatResponse;
      return;
    }

    await streamEvents(
      ctx,
      async (events) => {
        const send = (value: OllamaChatResponse) => events.send(value);
        const result = await services.engine.chat({
          ...request,
          onTextChunk(text: string) {
            if (text !== '') send({ model, created_at: now(), message: message(text), done: false });
          },
        });
        // Ollama streams tool calls as their own message before the final object.
        if (result.toolCalls.length > 0) send({ model, created_at: now(), message: message('', toOllamaToolCalls(result.toolCalls)), done: false });
        ctx.state.usage = { model: result.model, promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens };
        send({ model, created_at: now(), message: message(''), done: true, done_reason: toOllamaDoneReason(result.finishReason), ...toOllamaMetrics(result), ...sources });
      },
      openNdjson,
    );
  };
}
