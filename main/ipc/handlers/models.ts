import type { IpcHandlers } from '../../../common/ipc/contract.js';

/** Model calls go to the server process's HTTP routes, the same ones the web UI uses. */
export function modelsHandlers(http: IpcHandlers): Pick<IpcHandlers, 'models:list' | 'models:load' | 'models:unload'> {
  return {
    'models:list': http['models:list'],
    'models:load': http['models:load'],
    'models:unload': http['models:unload'],
  };
}
