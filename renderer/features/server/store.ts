import { create } from 'zustand';
import { HearthError } from '../../../common/errors.js';
import type { ServerSetup, ServerStatus } from '../../../common/ipc/contract.js';
import { ipc } from '../../ipc/client.js';
import { errorText } from '../../lib/errorText.js';

export interface ServerState {
  status: ServerStatus | null;
  /** The command that makes an admin key for this server (web UI, before it has a key). */
  setup: ServerSetup | null;
  /** Why the last key given was not accepted. */
  apiKeyError: string | null;
  /** The key dialog is open by choice (switching keys), not only because the server asked for one. */
  isKeyDialogOpen: boolean;
  restartError: string | null;
  refresh(): Promise<void>;
  saveApiKey(key: string): Promise<boolean>;
  forgetApiKey(): Promise<void>;
  openKeyDialog(): void;
  closeKeyDialog(): void;
  restart(): Promise<void>;
  /** Called by other stores when the server answered 401. */
  reportUnauthorized(): void;
}

/** Whether the server answers and takes our credential, so screens can read from it. */
export function isUsable(status: ServerStatus | null): boolean {
  return status?.state === 'running' && !status.needsApiKey;
}

/** Whether changes are allowed: a user key gets read-only screens. */
export function canChange(status: ServerStatus | null): boolean {
  return isUsable(status) && status?.role !== 'user';
}

export const useServerStore = create<ServerState>()((set, get) => ({
  status: null,
  setup: null,
  apiKeyError: null,
  isKeyDialogOpen: false,
  restartError: null,

  async refresh() {
    try {
      const status = await ipc.call('server:getStatus', {});
      set({ status });
      if (status.needsApiKey && !get().setup) set({ setup: await ipc.call('server:getSetup', {}).catch(() => null) });
    } catch (error) {
      set({ status: { state: 'error', url: null, error: errorText(error), needsApiKey: false } });
    }
  },

  async saveApiKey(key) {
    const trimmed = key.trim();
    if (!ipc.keys || !trimmed) return false;
    const previous = ipc.keys.get();
    ipc.keys.set(trimmed);
    await get().refresh();
    if (get().status?.needsApiKey) {
      // Keep the key that worked, if there was one: a typo must not lock the user out.
      ipc.keys.set(previous);
      if (previous) await get().refresh();
      set({ apiKeyError: 'The server did not accept this key. Check it, or create a new one with the command above.' });
      return false;
    }
    set({ apiKeyError: null, isKeyDialogOpen: false });
    ipc.reconnect();
    return true;
  },

  async forgetApiKey() {
    ipc.keys?.set(null);
    set({ isKeyDialogOpen: false, apiKeyError: null });
    await get().refresh();
    ipc.reconnect();
  },

  openKeyDialog() {
    set({ isKeyDialogOpen: true, apiKeyError: null });
    if (!get().setup) void ipc.call('server:getSetup', {}).then((setup) => set({ setup }), () => undefined);
  },

  closeKeyDialog() {
    set({ isKeyDialogOpen: false, apiKeyError: null });
  },

  async restart() {
    set({ restartError: null });
    try {
      set({ status: await ipc.call('server:restart', {}) });
    } catch (error) {
      set({ restartError: errorText(error) });
    }
  },

  reportUnauthorized() {
    const status = get().status;
    if (status && !status.needsApiKey) set({ status: { ...status, needsApiKey: true } });
    if (!get().setup) void ipc.call('server:getSetup', {}).then((setup) => set({ setup }), () => undefined);
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

/** Runs `reload` whenever the server becomes usable: at start, after a key is accepted, after a reconnect. */
export function onServerUsable(reload: () => void): () => void {
  return useServerStore.subscribe((state, previous) => {
    const becameUsable = isUsable(state.status) && (!isUsable(previous.status) || state.status?.role !== previous.status?.role);
    if (becameUsable) reload();
  });
}

ipc.on('server:onDidChangeStatus', (status) => {
  useServerStore.setState({ status });
  if (status.needsApiKey) useServerStore.getState().reportUnauthorized();
});
