import type { IpcHandlers } from '../../../common/ipc/contract.js';
import type { ServerProcess } from '../../shell/ServerProcess.js';

/** The shell knows its server's state first hand, and it alone can restart it. */
export function serverHandlers(server: ServerProcess): Pick<IpcHandlers, 'server:getStatus' | 'server:restart'> {
  return {
    'server:getStatus': async () => server.status,
    'server:restart': () => server.restart(),
  };
}
