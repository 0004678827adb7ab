import { ipcCalls, type IpcCallContext, type IpcEventName, type IpcEvents, type IpcHandlers } from '../../common/ipc/contract.js';
import { createHttpCalls } from '../../common/ipc/httpCalls.js';
import { startEventFeed, type EventFeed } from '../../common/ipc/http/eventFeed.js';
import { createHttpClient } from '../../common/ipc/http/request.js';
import { uploadDocuments } from '../../common/ipc/http/rag.js';
import { HearthError } from '../../common/errors.js';
import { fromIpcError, toIpcError } from '../../common/ipc/ipcError.js';
import type { IpcTransport, KeyStorage } from './transport.js';

export interface WebTransportOptions {
  baseUrl: string;
  keys: KeyStorage;
  fetch?: typeof fetch;
  /** Picks files for `rag:addFiles`; the page's file input in the browser. */
  pickFiles?: () => Promise<File[]>;
}

/**
 * The browser: the contract over the server's HTTP routes, checked in and out by the same schemas main
 * applies, so both UIs fail alike; push events from the server's event feed.
 */
export function webTransport(options: WebTransportOptions): IpcTransport {
  const http = { baseUrl: () => options.baseUrl, apiKey: () => options.keys.get(), fetch: options.fetch };
  const listeners = new Set<<E extends IpcEventName>(event: E, payload: IpcEvents[E]) => void>();
  const emitAll: IpcCallContext['emit'] = (event, payload) => listeners.forEach((listener) => listener(event, payload));
  const handlers: IpcHandlers = {
    ...createHttpCalls(http),
    async 'rag:addFiles'({ datastoreId }) {
      const files = (await options.pickFiles?.()) ?? [];
      if (files.length === 0) return { job: null };
      return { job: await uploadDocuments(createHttpClient(http), datastoreId, files.map((file) => ({ name: file.name, blob: file }))) };
    },
  };
  let feed: EventFeed | null = null;
  return {
    isElectron: false,
    keys: options.keys,
    async call(name, input) {
      const parsed = ipcCalls[name].input.safeParse(input);
      // The same error main's dispatcher gives, so both UIs show a bad field alike.
      if (!parsed.success) throw fromIpcError(toIpcError(parsed.error));
      const handler = handlers[name] as (input: unknown, context: IpcCallContext) => Promise<unknown>;
      const output = ipcCalls[name].output.safeParse(await handler(parsed.data, { emit: emitAll }));
      if (!output.success) throw new HearthError(502, 'server_error', `Hearth got an unexpected answer for '${name}'.`, { code: 'invalid_output' });
      return output.data as never;
    },
    subscribe(emit) {
      listeners.add(emit);
      feed ??= startEventFeed({ ...http, reportsStatus: true, emit: emitAll });
      return () => {
        listeners.delete(emit);
        if (listeners.size === 0) {
          feed?.stop();
          feed = null;
        }
      };
    },
    reconnect: () => feed?.reconnect(),
  };
}
