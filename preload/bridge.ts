import type { HearthBridge, IpcResult } from '../common/ipc/contract.js';
import { ipcCallChannel, ipcEventChannel } from '../common/ipc/channels.js';

/** The part of Electron's ipcRenderer the bridge uses; a structural type keeps it testable. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** `domain:verb`: anything else can't be a call or an event, so it is refused before reaching main. */
const namePattern = /^[a-z]+:[A-Za-z]+$/;

/**
 * Builds the bridge. The page reaches exactly one invoke channel and one event channel; main checks each
 * call's name and input against the contract, so no list of names lives here to drift from it.
 */
export function createBridge(ipcRenderer: IpcRendererLike): HearthBridge {
  return {
    call(name, input) {
      if (typeof name !== 'string' || !namePattern.test(name)) return Promise.reject(new Error(`Unknown IPC call '${String(name)}'.`));
      return ipcRenderer.invoke(ipcCallChannel, name, input) as Promise<IpcResult<never>>;
    },
    on(event, listener) {
      if (typeof event !== 'string' || !namePattern.test(event)) throw new Error(`Unknown IPC event '${String(event)}'.`);
      // Pass the payload only: the IpcRendererEvent would hand the page a reference to ipcRenderer.
      const wrapped = (_event: unknown, name: unknown, payload: unknown) => {
        if (name === event) listener(payload as never);
      };
      ipcRenderer.on(ipcEventChannel, wrapped as (event: unknown, ...args: unknown[]) => void);
      return () => void ipcRenderer.removeListener(ipcEventChannel, wrapped as (event: unknown, ...args: unknown[]) => void);
    },
  };
}
