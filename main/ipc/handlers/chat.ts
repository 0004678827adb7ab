import type { IpcHandlers } from '../../../common/ipc/contract.js';

/** Chat streams from the server process's SSE route; chunks reach the calling window as `chat:onDidStream`. */
export function chatHandlers(http: IpcHandlers): Pick<IpcHandlers, 'chat:send' | 'chat:cancel'> {
  return {
    'chat:send': http['chat:send'],
    'chat:cancel': http['chat:cancel'],
  };
}
