import type { Context } from 'koa';
import { responsesCreateRequest, type ResponsesItem, type ResponsesOutputItem, type ResponsesResponse } from '../../../common/api/responses.js';
import type { GenerationResult } from '../../engine/types.js';
import type { Owner } from '../../responses/ResponseStore.js';
import type { Services } from '../../services.js';
import { prepareChat } from '../assistantChat.js';
import { clientGoneSignal } from '../stream.js';
import { streamEvents } from '../streamEvents.js';
import { ownerOf } from './context.js';
import type { ResponseHistory } from './history.js';
import { ResponseOutput } from './ResponseOutput.js';
import { openResponsesSse } from './responsesSse.js';
import { responsePrompt } from './responsePrompt.js';
import { fileSearchCall } from './fileSearch.js';
import { fileSearchOf, newResponse, toResponsesUsage } from './translate.js';

/** The finished response: its output, status and usage; `output_text` as the openai SDK puts it together. */
function finished(base: ResponsesResponse, output: ResponsesOutputItem[], result: GenerationResult): ResponsesResponse {
  const outputText = output.flatMap((item) => (item.type === 'message' ? item.content.flatMap((part) => (part.type === 'output_text' ? [part.text] : [])) : [])).join('');
  const incomplete = result.finishReason === 'length';
  return {
    ...base,
    status: incomplete ? 'incomplete' : 'completed',
    completed_at: Math.floor(Date.now() / 1000),
    incomplete_details: incomplete ? { reason: 'max_output_tokens' } : null,
    output,
    output_text: outputText,
    usage: toResponsesUsage(result.usage),
  };
}

/** Keeps the response (unless `store: false`) and adds its input and output to its conversation. */
async function keep(services: Services, owner: Owner, response: ResponsesResponse, input: ResponsesItem[], history: ResponseHistory): Promise<void> {
  if (response.store) await services.responses.saveResponse({ owner, response, input, history: history.items });
  if (history.conversation) {
    await services.responses.updateConversation(history.conversation.conversation.id, owner, (record) => ({ ...record, items: [...record.items, ...input, ...response.output] }));
  }
}

/** POST /responses: OpenAI's Responses API, one response object or its event stream. */
export function responses(services: Services) {
  return async function createResponse(ctx: Context): Promise<void> {
    const body = responsesCreateRequest.parse(ctx.request.body);
    const owner = ownerOf(ctx);
    const { input, history, request: asked } = await responsePrompt(services, body, owner);
    const signal = clientGoneSignal(ctx);
    // Resolve aliases (or an assistant, applying its preset) first so the response names the real model, and an unknown one is a plain 404 before any event.
    // file_search's vector_store_ids are Hearth datastores, searched as chat's `files` (before the stream opens, so an unreadable one is a plain 404).
    const { request, assistant, sources } = await prepareChat(services, ctx, asked, { datastoreIds: fileSearchOf(body)?.vector_store_ids ?? [] });
    const searched = sources ? fileSearchCall(asked.messages, sources) : null;
    const model = request.model;
    // An assistant is echoed as the client named it.
    const base = newResponse(body, assistant ? body.model : model, history.conversation?.conversation.id ?? null);

    if (!body.stream) {
      const result = await services.engine.chat({ ...request, signal });
      ctx.state.usage = { model, promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens };
      const output = new ResponseOutput();
      if (searched) output.fileSearch(searched);
      const response = finished(base, output.finish(result), result);
      await keep(services, owner, response, input, history);
      ctx.body = response;
      return;
    }

    await streamEvents(
      ctx,
      async (events) => {
        const output = new ResponseOutput((event) => events.send(event));
        let started = false;
        // Opened once the prompt has its slot, so a full queue or a prompt too long still answers with its own status.
        const start = () => {
          if (started) return;
          started = true;
          events.send({ type: 'response.created', response: base });
          events.send({ type: 'response.in_progress', response: base });
          if (searched) output.fileSearch(searched);
        };
        const result = await services.engine.chat({
          ...request,
          signal,
          onPrompt: start,
          onThoughtChunk: (text) => output.thought(text),
          onTextChunk: (text) => text !== '' && output.text(text),
        });
        start();
        ctx.state.usage = { model, promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens };
        const response = finished(base, output.finish(result), result);
        // Kept before the last event, so a client that retrieves it on `response.completed` finds it.
        await keep(services, owner, response, input, history);
        events.send({ type: response.status === 'incomplete' ? 'response.incomplete' : 'response.completed', response });
      },
      openResponsesSse,
    );
  };
}
