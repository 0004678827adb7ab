import { create } from 'zustand';
import type { ApiKeySummary, CreateKeyInput, CreatedKey } from '../../../common/keys.js';
import { ipc } from '../../ipc/client.js';
import { errorText } from '../../lib/errorText.js';
import { handleUnauthorized, useServerStore } from '../server/store.js';

export interface KeysState {
  keys: ApiKeySummary[];
  isLoading: boolean;
  error: string | null;
  /** The key just created, with its secret: kept only until the dialog showing it closes. */
  created: CreatedKey | null;
  refresh(): Promise<void>;
  /** Resolves with the error in words, or null once created. */
  create(input: CreateKeyInput): Promise<string | null>;
  forgetCreated(): void;
  revoke(id: string): Promise<void>;
  remove(id: string): Promise<void>;
}

export const useKeysStore = create<KeysState>()((set, get) => {
  const guarded = async (action: () => Promise<void>) => {
    set({ error: null });
    try {
      await action();
    } catch (error) {
      handleUnauthorized(error);
      set({ error: errorText(error) });
    }
  };
  return {
    keys: [],
    isLoading: false,
    error: null,
    created: null,

    async refresh() {
      // The key list is an admin's; a user key sees a note instead.
      if (useServerStore.getState().status?.role === 'user') return;
      set({ isLoading: true });
      await guarded(async () => set({ keys: await ipc.call('keys:list', {}) }));
      set({ isLoading: false });
    },

    async create(input) {
      try {
        const created = await ipc.call('keys:create', input);
        set({ created, keys: [...get().keys.filter((key) => key.id !== created.id), (({ key: _secret, ...summary }) => summary)(created)] });
        return null;
      } catch (error) {
        handleUnauthorized(error);
        return errorText(error);
      }
    },

    forgetCreated() {
      set({ created: null });
    },

    revoke: (id) =>
      guarded(async () => {
        const revoked = await ipc.call('keys:revoke', { id });
        set({ keys: get().keys.map((key) => (key.id === id ? revoked : key)) });
      }),

    remove: (id) =>
      guarded(async () => {
        await ipc.call('keys:delete', { id });
        set({ keys: get().keys.filter((key) => key.id !== id) });
      }),
  };
});

ipc.on('keys:onDidChange', () => void useKeysStore.getState().refresh());
