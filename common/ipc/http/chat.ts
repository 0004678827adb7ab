import { HearthError } from '../../errors.js';
import { readServerSentEvents } from '../../api/sse.js';
import { fromHttpError } from '../ipcError.js';
import type { IpcHandlers } from '../contract.js';
import type { HttpClient } from './request.js';

interface StreamChunk {
  error?: unknown;
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
}

/** Chat over the server's OpenAI route, streamed; pieces reach the caller as `chat:onDidStream`. */
export function chatHttpCalls(client: HttpClient): Pick<IpcHandlers, 'chat:send' | 'chat:cancel'> {
  const inFlight = new Map<string, AbortController>();
  return {
    async 'chat:send'(input, { emit }) {
      const controller = new AbortController();
      inFlight.get(input.requestId)?.abort();
      inFlight.set(input.requestId, controller);
      let text = '';
      let finishReason: string | null = null;
      try {
        const response = await client.send('/v1/chat/completions', {
          method: 'POST',
          body: { model: input.model, messages: input.messages, stream: true, temperature: input.temperature, max_tokens: input.maxTokens },
          signal: controller.signal,
        });
        if (!response.body) throw new HearthError(502, 'server_error', 'The server sent no stream.');
        for await (const data of readServerSentEvents(response.body)) {
          if (data === '[DONE]') break;
          const chunk = JSON.parse(data) as StreamChunk;
          // Once streaming, the server reports a failure as a last event rather than a status.
          if (chunk.error) throw fromHttpError(500, chunk);
          const choice = chunk.choices?.[0];
          const delta = choice?.delta?.content;
          if (delta) {
            text += delta;
            emit('chat:onDidStream', { requestId: input.requestId, delta });
          }
          if (choice?.finish_reason) finishReason = choice.finish_reason;
        }
        return { text, finishReason };
      } catch (error) {
        if (controller.signal.aborted) return { text, finishReason: 'cancelled' };
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
