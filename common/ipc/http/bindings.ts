import type { BindingSummary, BindingTestResult } from '../../bindings.js';
import type { IpcHandlers } from '../contract.js';
import { segment, type HttpClient } from './request.js';

type BindingsCallName = 'bindings:list' | 'bindings:create' | 'bindings:update' | 'bindings:delete' | 'bindings:test';

export function bindingsHttpCalls(client: HttpClient): Pick<IpcHandlers, BindingsCallName> {
  return {
    'bindings:list': () => client.list<BindingSummary>('/v1/admin/bindings'),
    'bindings:create': (input) => client.json<BindingSummary>('/v1/admin/bindings', { method: 'POST', body: input }),
    'bindings:update': ({ id, patch }) => client.json<BindingSummary>(`/v1/admin/bindings/${segment(id)}`, { method: 'PATCH', body: patch }),
    async 'bindings:delete'({ id }) {
      await client.send(`/v1/admin/bindings/${segment(id)}`, { method: 'DELETE' });
      return {};
    },
    'bindings:test': ({ id }) => client.json<BindingTestResult>(`/v1/admin/bindings/${segment(id)}/test`, { method: 'POST', body: {} }),
  };
}
