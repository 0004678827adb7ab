import type { IpcCallName, IpcEventName, IpcEvents, IpcInput, IpcOutput } from '../../common/ipc/contract.js';
import type { IpcTransport, KeyStorage } from './transport.js';

type Listener = (payload: never) => void;

/**
 * The renderer's one way to reach main, the same whether over Electron IPC or the server's HTTP routes.
 * Stores subscribe at import, before a transport exists (and tests give theirs later), so listeners are
 * kept here and fed by whichever transport `connectIpc` installs.
 */
export interface IpcClient {
  call<N extends IpcCallName>(name: N, input: IpcInput<N>): Promise<IpcOutput<N>>;
  on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
  reconnect(): void;
  /** The web UI's saved key; null in the desktop app. */
  readonly keys: KeyStorage | null;
  readonly isElectron: boolean;
}

const listeners = new Map<IpcEventName, Set<Listener>>();
let transport: IpcTransport | null = null;
let unsubscribe: (() => void) | null = null;

function current(): IpcTransport {
  if (!transport) throw new Error('No IPC transport yet: call connectIpc first.');
  return transport;
}

export const ipc: IpcClient = {
  call: (name, input) => current().call(name, input),
  on(event, listener) {
    const set = listeners.get(event) ?? new Set();
    listeners.set(event, set);
    set.add(listener as Listener);
    return () => void set.delete(listener as Listener);
  },
  reconnect: () => transport?.reconnect(),
  get keys() {
    return transport?.keys ?? null;
  },
  get isElectron() {
    return transport?.isElectron ?? false;
  },
};

/** Installs the transport every call and event goes through; returns a function that disconnects it. */
export function connectIpc(next: IpcTransport): () => void {
  unsubscribe?.();
  transport = next;
  unsubscribe = next.subscribe((event, payload) => listeners.get(event)?.forEach((listener) => listener(payload as never)));
  return () => {
    unsubscribe?.();
    unsubscribe = null;
    if (transport === next) transport = null;
  };
}

/** Delivers an event as if the transport had pushed it; for tests of a store's reaction. */
export function emitLocally<E extends IpcEventName>(event: E, payload: IpcEvents[E]): void {
  listeners.get(event)?.forEach((listener) => listener(payload as never));
}
