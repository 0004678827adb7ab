import { create } from 'zustand';
import { HearthError } from '../../../common/errors.js';
import type { ServerStatus } from '../../../common/ipc/contract.js';
import { ipc, storeApiKey } from '../../ipc/client.js';

interface ServerState {
  status: ServerStatus | null;
  /** Why the last key given was not accepted. */
  apiKeyError: string | null;
  refresh(): Promise<void>;
  saveApiKey(key: string): Promise<void>;
  /** Called by other features when the server answered 401. */
  reportUnauthorized(): void;
}

export const useServerStore = create<ServerState>()((set, get) => ({
  status: null,
  apiKeyError: null,

  async refresh() {
    try {
      set({ status: await ipc.call('server:getStatus', {}) });
    } catch (error) {
      set({ status: { state: 'error', url: null, error: (error as Error).message, needsApiKey: false } });
    }
  },

  async saveApiKey(key) {
    storeApiKey(key.trim());
    await get().refresh();
    set({ apiKeyError: get().status?.needsApiKey ? 'The server did not accept this key.' : null });
  },

  reportUnauthorized() {
    const status = get().status;
    if (status && !status.needsApiKey) set({ status: { ...status, needsApiKey: true } });
  },
}));

/** Lets a store's catch hand a 401 to the key prompt; true when it did. */
export function handleUnauthorized(error: unknown): boolean {
  if (error instanceof HearthError && error.status === 401) {
    useServerStore.getState().reportUnauthorized();
    return true;
  }
  return false;
}

ipc.on('server:onDidChangeStatus', (status) => useServerStore.setState({ status }));
void useServerStore.getState().refresh();
