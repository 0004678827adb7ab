import type { RequestRecord, StatsReport } from '../../stats.js';
import type { SettingsView } from '../calls/settings.js';
import type { IpcHandlers } from '../contract.js';
import type { HttpClient } from './request.js';

export function statsHttpCalls(client: HttpClient): Pick<IpcHandlers, 'stats:get' | 'requests:list' | 'settings:get' | 'settings:update'> {
  return {
    'stats:get': () => client.json<StatsReport>('/v1/admin/models/stats'),
    'requests:list': ({ limit }) => client.list<RequestRecord>(`/v1/admin/requests?limit=${limit}`),
    'settings:get': () => client.json<SettingsView>('/v1/admin/settings'),
    'settings:update': ({ patch }) => client.json<SettingsView>('/v1/admin/settings', { method: 'PATCH', body: patch }),
  };
}
