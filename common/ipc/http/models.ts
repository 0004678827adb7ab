import type { LocalModel } from '../../library.js';
import type { ModelInfo } from '../../models.js';
import type { ModelSettingsView, ModelSummary } from '../calls/models.js';
import type { IpcHandlers } from '../contract.js';
import { segment, type HttpClient } from './request.js';

type ModelsCalls = 'models:list' | 'models:library' | 'models:load' | 'models:unload' | 'models:getSettings' | 'models:updateSettings' | 'models:delete';

/** Reads an entry of GET /v1/models, where Hearth's own fields (state among them) sit under `hearth`. */
export function toModelSummary(raw: unknown): ModelSummary {
  const entry = (raw ?? {}) as { id?: unknown; hearth?: Partial<ModelInfo> };
  return { aliases: [], sizeBytes: 0, modifiedAt: 0, state: 'unloaded', ...entry.hearth, id: String(entry.id) };
}

const libraryPath = (id: string) => `/v1/admin/library/models/${segment(id)}`;

export function modelsHttpCalls(client: HttpClient): Pick<IpcHandlers, ModelsCalls> {
  return {
    async 'models:list'() {
      return (await client.list('/v1/models')).map(toModelSummary);
    },
    'models:library': () => client.list<LocalModel>('/v1/admin/library/models'),
    'models:load': ({ id }) => client.json<ModelInfo>(`${libraryPath(id)}/load`, { method: 'POST', body: {} }),
    'models:unload': ({ id }) => client.json<ModelInfo>(`${libraryPath(id)}/unload`, { method: 'POST', body: {} }),
    'models:getSettings': ({ id }) => client.json<ModelSettingsView>(`${libraryPath(id)}/settings`),
    'models:updateSettings': ({ id, patch }) => client.json<ModelSettingsView>(`${libraryPath(id)}/settings`, { method: 'PATCH', body: patch }),
    async 'models:delete'({ id, unload }) {
      await client.send(`${libraryPath(id)}${unload ? '?unload=true' : ''}`, { method: 'DELETE' });
      return {};
    },
  };
}
