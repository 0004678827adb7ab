import type { Assistant, AssistantList } from '../../assistants.js';
import type { IpcHandlers } from '../contract.js';
import { segment, type HttpClient } from './request.js';

type AssistantCalls = Extract<keyof IpcHandlers, `assistants:${string}`>;

const assistantPath = (id: string) => `/v1/assistants/${segment(id)}`;

export function assistantsHttpCalls(client: HttpClient): Pick<IpcHandlers, AssistantCalls> {
  return {
    async 'assistants:list'() {
      // OpenAI's list pages at most 100 at a time; the screen shows them all.
      const all: Assistant[] = [];
      let after: string | null = null;
      for (;;) {
        const page: AssistantList = await client.json<AssistantList>(`/v1/assistants?order=asc&limit=100${after ? `&after=${segment(after)}` : ''}`);
        all.push(...page.data);
        if (!page.has_more || !page.last_id) return all;
        after = page.last_id;
      }
    },
    'assistants:create': (input) => client.json<Assistant>('/v1/assistants', { method: 'POST', body: input }),
    'assistants:update': ({ id, ...changes }) => client.json<Assistant>(assistantPath(id), { method: 'POST', body: changes }),
    async 'assistants:delete'({ id }) {
      await client.send(assistantPath(id), { method: 'DELETE' });
      return {};
    },
  };
}
