import type { ChatSource, HearthChatExtras, OpenAiUsage } from '../../api/openai.js';
import { HearthError } from '../../errors.js';
import { readServerSentEvents } from '../../api/sse.js';
import type { MessageSource } from '../../conversations.js';
import type { ChatSendOutput } from '../calls/chat.js';
import { fromHttpError } from '../ipcError.js';
import type { IpcHandlers } from '../contract.js';
import type { HttpClient } from './request.js';

interface StreamChunk {
  error?: unknown;
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
  usage?: OpenAiUsage | null;
  sources?: ChatSource[];
  hearth?: HearthChatExtras;
}

const brokeOff = 'The connection to Hearth closed before the reply was complete (the server stopped or the network dropped).';

function toMessageSource(source: ChatSource): MessageSource {
  return {
    citation: source.citation,
    datastoreId: source.datastore_id,
    datastoreName: source.datastore_name,
    documentId: source.document_id,
    documentTitle: source.document_title,
    text: source.text,
    score: source.score,
    page: source.position.page,
  };
}

/** Chat over the server's OpenAI route, streamed; pieces reach the caller as `chat:onDidStream`. */
export function chatHttpCalls(client: HttpClient): Pick<IpcHandlers, 'chat:send' | 'chat:cancel'> {
  const inFlight = new Map<string, AbortController>();
  return {
    async 'chat:send'(input, { emit }) {
      const controller = new AbortController();
      inFlight.get(input.requestId)?.abort();
      inFlight.set(input.requestId, controller);
      const reply: ChatSendOutput = { text: '', finishReason: null };
      let firstAt: number | null = null;
      let lastAt = 0;
      try {
        const response = await client.send('/v1/chat/completions', {
          method: 'POST',
          body: {
            model: input.model,
            messages: input.messages,
            stream: true,
            stream_options: { include_usage: true },
            temperature: input.temperature,
            top_p: input.topP,
            max_tokens: input.maxTokens,
            truncation: input.truncation,
            files: input.datastoreIds?.length ? input.datastoreIds.map((id) => ({ type: 'collection', id })) : undefined,
          },
          signal: controller.signal,
        });
        if (!response.body) throw new HearthError(502, 'server_error', 'The server sent no stream.');
        let finished = false;
        for await (const data of readServerSentEvents(response.body)) {
          if (data === '[DONE]') {
            finished = true;
            break;
          }
          const chunk = JSON.parse(data) as StreamChunk;
          // Once streaming, the server reports a failure as a last event rather than a status.
          if (chunk.error) throw fromHttpError(500, chunk);
          const choice = chunk.choices?.[0];
          const delta = choice?.delta?.content;
          if (delta) {
            firstAt ??= performance.now();
            lastAt = performance.now();
            reply.text += delta;
            emit('chat:onDidStream', { requestId: input.requestId, delta });
          }
          if (choice?.finish_reason) reply.finishReason = choice.finish_reason;
          if (chunk.usage) reply.usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
          if (chunk.sources) reply.sources = chunk.sources.map(toMessageSource);
          if (chunk.hearth) reply.omittedMessages = chunk.hearth.omitted_messages;
        }
        // A stream that ends without [DONE] was cut (the server stopped or the connection dropped): not a whole reply.
        if (!finished && !controller.signal.aborted) throw new HearthError(502, 'server_error', brokeOff);
        // The first piece's token is timed by the prompt, so speed counts the tokens after it.
        if (reply.usage && firstAt !== null && lastAt > firstAt && reply.usage.completionTokens > 1) {
          reply.tokensPerSecond = (reply.usage.completionTokens - 1) / ((lastAt - firstAt) / 1000);
        }
        return reply;
      } catch (error) {
        if (controller.signal.aborted) return { ...reply, finishReason: 'cancelled' };
        // fetch says only "network error" when the body breaks off; say what happened instead.
        if (!(error instanceof HearthError) && error instanceof TypeError) throw new HearthError(502, 'server_error', brokeOff);
        throw error;
      } finally {
        if (inFlight.get(input.requestId) === controller) inFlight.delete(input.requestId);
      }
    },

    async 'chat:cancel'({ requestId }) {
      const controller = inFlight.get(requestId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
  };
}
