import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { ipcCallChannel, ipcEventChannel, type IpcEventName, type IpcEvents, type IpcHandlers } from '../../common/ipc/contract.js';
import type { Logger } from '../log.js';
import { assertAllCallsHandled, createIpcDispatcher } from './dispatch.js';

export interface RegisterIpcOptions {
  /** Whether a call comes from one of our own windows' main frame; anything else is refused. */
  isTrustedSender(event: IpcMainInvokeEvent): boolean;
  logger?: Logger;
}

/** Registers the one call channel (names are checked by the dispatcher); returns a function that removes it. */
export function registerIpc(handlers: Partial<IpcHandlers>, options: RegisterIpcOptions): () => void {
  assertAllCallsHandled(handlers);
  const dispatch = createIpcDispatcher(handlers, options.logger);
  ipcMain.handle(ipcCallChannel, (event, name: unknown, input: unknown) => {
    if (!options.isTrustedSender(event)) {
      options.logger?.warn({ call: name, url: event.senderFrame?.url }, 'IPC call from an untrusted frame refused');
      return { ok: false, error: { code: 'forbidden', message: 'This frame may not call Hearth.', status: 403 } };
    }
    const sender = event.sender;
    return dispatch(name, input, {
      emit: (eventName, payload) => {
        if (!sender.isDestroyed()) sender.send(ipcEventChannel, eventName, payload);
      },
    });
  });
  return () => ipcMain.removeHandler(ipcCallChannel);
}

/** Pushes an event to every window (server status, model states, downloads, jobs, the request log). */
export function broadcast<E extends IpcEventName>(event: E, payload: IpcEvents[E]): void {
  for (const window of BrowserWindow.getAllWindows()) {
    if (!window.webContents.isDestroyed()) window.webContents.send(ipcEventChannel, event, payload);
  }
}
