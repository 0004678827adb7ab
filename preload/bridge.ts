import type { HearthBridge, IpcResult } from '../common/ipc/contract.js';
import { isIpcCallName, isIpcEventName } from '../common/ipc/names.js';

/** The part of Electron's ipcRenderer the bridge uses; a structural type keeps the filter testable. */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

/** Builds the bridge; names outside the contract are refused before anything reaches main. */
export function createBridge(ipcRenderer: IpcRendererLike): HearthBridge {
  return {
    call(name, input) {
      if (!isIpcCallName(name)) return Promise.reject(new Error(`Unknown IPC call '${String(name)}'.`));
      return ipcRenderer.invoke(name, input) as Promise<IpcResult<never>>;
    },
    on(event, listener) {
      if (!isIpcEventName(event)) throw new Error(`Unknown IPC event '${String(event)}'.`);
      // Pass the payload only: the IpcRendererEvent would hand the page a reference to ipcRenderer.
      const wrapped = (_event: unknown, payload: unknown) => listener(payload as never);
      ipcRenderer.on(event, wrapped);
      return () => void ipcRenderer.removeListener(event, wrapped);
    },
  };
}
