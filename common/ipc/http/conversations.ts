import type { ConversationRecord, ConversationSummary } from '../../conversations.js';
import type { IpcHandlers } from '../contract.js';
import { segment, type HttpClient } from './request.js';

type ConversationCalls = Extract<keyof IpcHandlers, `conversations:${string}`>;

const conversation = (id: string) => `/v1/hearth/conversations/${segment(id)}`;

/** File names from Content-Disposition: `filename="…"` as the server writes it. */
function fileNameOf(response: Response, fallback: string): string {
  const match = /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '');
  return match?.[1] ?? fallback;
}

export function conversationsHttpCalls(client: HttpClient): Pick<IpcHandlers, ConversationCalls> {
  return {
    'conversations:list': ({ query }) =>
      client.list<ConversationSummary>(query ? `/v1/hearth/conversations?q=${encodeURIComponent(query)}` : '/v1/hearth/conversations'),
    'conversations:get': ({ id }) => client.json<ConversationRecord>(conversation(id)),
    'conversations:create': (input) => client.json<ConversationRecord>('/v1/hearth/conversations', { method: 'POST', body: input }),
    'conversations:update': ({ id, ...patch }) => client.json<ConversationRecord>(conversation(id), { method: 'PATCH', body: patch }),
    async 'conversations:delete'({ id }) {
      await client.send(conversation(id), { method: 'DELETE' });
      return {};
    },
    'conversations:restore': ({ id }) => client.json<ConversationRecord>(`${conversation(id)}/restore`, { method: 'POST', body: {} }),
    async 'conversations:export'({ id, format }) {
      const response = await client.send(`${conversation(id)}/export?format=${format}`);
      const mimeType = (response.headers.get('content-type') ?? 'text/plain').split(';')[0]!.trim();
      return { fileName: fileNameOf(response, `${id}.${format === 'json' ? 'json' : 'md'}`), mimeType, content: await response.text() };
    },
  };
}
