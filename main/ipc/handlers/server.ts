import type { IpcHandlers } from '../../../common/ipc/contract.js';
import type { ServerProcess } from '../../shell/ServerProcess.js';

/** The shell knows its server's state first hand; it does not ask the server. */
export function serverHandlers(server: ServerProcess): Pick<IpcHandlers, 'server:getStatus'> {
  return {
    'server:getStatus': async () => server.status,
  };
}
