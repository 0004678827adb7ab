import type { IpcCallName, IpcEventName, IpcEvents, IpcInput, IpcOutput } from '../../common/ipc/contract.js';

/** Where the web UI keeps its key: this browser's localStorage, or anything with the same two methods. */
export interface KeyStorage {
  get(): string | null;
  set(key: string | null): void;
}

/** One way to reach main: Electron IPC or the server's HTTP routes; stores reach it through `ipc` (client.ts). */
export interface IpcTransport {
  /** Resolves with the call's value; rejects with a HearthError that keeps the server's status and code. */
  call<N extends IpcCallName>(name: N, input: IpcInput<N>): Promise<IpcOutput<N>>;
  /** Starts delivering every push event to `emit`; returns a function that stops. */
  subscribe(emit: <E extends IpcEventName>(event: E, payload: IpcEvents[E]) => void): () => void;
  /** Re-reads the server's state now (after a key change). */
  reconnect(): void;
  /** The web UI's key, null in the desktop app, where the shell holds the server's credential. */
  keys: KeyStorage | null;
  isElectron: boolean;
}
