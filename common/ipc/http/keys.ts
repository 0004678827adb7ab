import type { ApiKeySummary, CreatedKey } from '../../keys.js';
import type { IpcHandlers } from '../contract.js';
import { segment, type HttpClient } from './request.js';

export function keysHttpCalls(client: HttpClient): Pick<IpcHandlers, 'keys:list' | 'keys:create' | 'keys:revoke' | 'keys:delete'> {
  return {
    'keys:list': () => client.list<ApiKeySummary>('/v1/admin/keys'),
    'keys:create': (input) => client.json<CreatedKey>('/v1/admin/keys', { method: 'POST', body: input }),
    'keys:revoke': ({ id }) => client.json<ApiKeySummary>(`/v1/admin/keys/${segment(id)}/revoke`, { method: 'POST', body: {} }),
    async 'keys:delete'({ id }) {
      await client.send(`/v1/admin/keys/${segment(id)}`, { method: 'DELETE' });
      return {};
    },
  };
}
