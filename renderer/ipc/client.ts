import { ipcCalls, type HearthBridge, type IpcCallContext, type IpcCallName, type IpcEventName, type IpcEvents, type IpcInput, type IpcOutput } from '../../common/ipc/contract.js';
import { createHttpCalls } from '../../common/ipc/httpCalls.js';
import { fromIpcError } from '../../common/ipc/ipcError.js';

declare global {
  interface Window {
    /** Present only inside the Electron shell, put there by the preload. */
    hearth?: HearthBridge;
  }
}

/** The renderer's one way to reach main: the same calls whether over Electron IPC or the server's HTTP routes. */
export interface IpcClient {
  /** Resolves with the call's value; rejects with a HearthError. */
  call<N extends IpcCallName>(name: N, input: IpcInput<N>): Promise<IpcOutput<N>>;
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
  /** True in the desktop shell, where the shell holds the server's credential. */
  isElectron: boolean;
}

const apiKeyStorageKey = 'hearth.apiKey';

export function getStoredApiKey(): string | null {
  return localStorage.getItem(apiKeyStorageKey);
}

export function storeApiKey(key: string | null): void {
  if (key) localStorage.setItem(apiKeyStorageKey, key);
  else localStorage.removeItem(apiKeyStorageKey);
}

function electronClient(bridge: HearthBridge): IpcClient {
  return {
    isElectron: true,
    async call(name, input) {
      const result = await bridge.call(name, input);
      if (result.ok) return result.value;
      throw fromIpcError(result.error);
    },
    on: (event, listener) => bridge.on(event, listener),
  };
}

/** In a browser the page talks to the server that served it, with the key the user gave. */
function webClient(): IpcClient {
  const listeners = new Map<string, Set<(payload: never) => void>>();
  const calls = createHttpCalls({ baseUrl: () => window.location.origin, apiKey: getStoredApiKey });
  const context: IpcCallContext = {
    emit: (event, payload) => listeners.get(event)?.forEach((listener) => listener(payload as never)),
  };
  return {
    isElectron: false,
    call(name, input) {
      // The same validation main applies to IPC input, so both UIs fail alike.
      const parsed = ipcCalls[name].input.parse(input);
      const handler = calls[name] as (input: unknown, context: IpcCallContext) => Promise<IpcOutput<typeof name>>;
      return handler(parsed, context);
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener as (payload: never) => void);
      return () => void set.delete(listener as (payload: never) => void);
    },
  };
}

export const ipc: IpcClient = window.hearth ? electronClient(window.hearth) : webClient();
