import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcCalls, type IpcCallName, type IpcHandlers } from '../../common/ipc/contract.js';
import type { Logger } from '../log.js';
import { assertAllCallsHandled, createIpcDispatcher } from './dispatch.js';

export interface RegisterIpcOptions {
  /** Whether a call comes from one of our own windows' main frame; anything else is refused. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  logger?: Logger;
}

/** Registers one ipcMain handler per contract call; returns a function that removes them. */
export function registerIpc(handlers: Partial<IpcHandlers>, options: RegisterIpcOptions): () => void {
  assertAllCallsHandled(handlers);
  const dispatch = createIpcDispatcher(handlers, options.logger);
  const names = Object.keys(ipcCalls) as IpcCallName[];
  for (const name of names) {
    ipcMain.handle(name, (event, input: unknown) => {
      if (!options.isTrustedSender(event)) {
        options.logger?.warn({ call: name, url: event.senderFrame?.url }, 'IPC call from an untrusted frame refused');
        return { ok: false, error: { code: 'forbidden', message: 'This frame may not call Hearth.' } };
      }
      const sender = event.sender;
      return dispatch(name, input, {
        emit: (eventName, payload) => {
          if (!sender.isDestroyed()) sender.send(eventName, payload);
        },
      });
    });
  }
  return () => names.forEach((name) => ipcMain.removeHandler(name));
}
