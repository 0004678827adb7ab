import { ipcEvents, type HearthBridge, type IpcEventName } from '../../common/ipc/contract.js';
import { fromIpcError } from '../../common/ipc/ipcError.js';
import type { IpcTransport } from './transport.js';

/** The desktop app: calls and events over the preload's bridge; errors come back with their status (fromIpcError). */
export function electronTransport(bridge: HearthBridge): IpcTransport {
  return {
    isElectron: true,
    keys: null,
    async call(name, input) {
      const result = await bridge.call(name, input);
      if (result.ok) return result.value;
      throw fromIpcError(result.error);
    },
    subscribe(emit) {
      const stops = (Object.keys(ipcEvents) as IpcEventName[]).map((event) => bridge.on(event, (payload) => emit(event, payload)));
      return () => stops.forEach((stop) => stop());
    },
    // Main follows its server process itself and pushes the status; there is nothing to re-read.
    reconnect() {},
  };
}
