import { z } from 'zod';
import { downloadProgress } from '../downloads.js';
import { jobRecord } from '../rag.js';
import { modelSummary } from './calls/models.js';
import { serverStatus } from './calls/server.js';
import { requestRecord } from './calls/stats.js';

/**
 * Every event main (or, in the browser, the server's event feed) pushes to the renderer, with its
 * payload's schema. The server's GET /v1/admin/events sends these very names.
 */
export const ipcEvents = {
  'server:onDidChangeStatus': serverStatus,
  /**
   * Every model's state after a change. `evicted` names models unloaded to make room under
   * maxLoadedModels for the one in `for`, so the UI can say why a model left.
   */
  'models:onDidChange': z.object({
    models: z.array(modelSummary),
    evicted: z.array(z.object({ id: z.string(), for: z.string().nullable() })),
  }),
  'downloads:onDidProgress': downloadProgress,
  'rag:onDidJobProgress': jobRecord,
  /** One finished API request, as the request log shows it. */
  'requests:onDidRecord': requestRecord,
  /** Keys were created, revoked or deleted (from any window, the CLI or the API). */
  'keys:onDidChange': z.object({}),
  'settings:onDidChange': z.object({}),
  'chat:onDidStream': z.object({ requestId: z.string(), delta: z.string() }),
} as const;

export type IpcEventName = keyof typeof ipcEvents;
export type IpcEvents = { [E in IpcEventName]: z.output<(typeof ipcEvents)[E]> };

export function isIpcEventName(name: unknown): name is IpcEventName {
  return typeof name === 'string' && Object.hasOwn(ipcEvents, name);
}
