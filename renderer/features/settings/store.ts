import { create } from 'zustand';
import type { SettingsPatch, SettingsView } from '../../../common/ipc/contract.js';
import { ipc } from '../../ipc/client.js';
import { errorText } from '../../lib/errorText.js';
import { handleUnauthorized, useServerStore } from '../server/store.js';

export interface SettingsState {
  view: SettingsView | null;
  error: string | null;
  isSaving: boolean;
  refresh(): Promise<void>;
  /** Saves a change; resolves with the error in words (the server's validation), or null. */
  save(patch: SettingsPatch): Promise<string | null>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  view: null,
  error: null,
  isSaving: false,

  async refresh() {
    if (useServerStore.getState().status?.role === 'user') return;
    try {
      set({ view: await ipc.call('settings:get', {}), error: null });
    } catch (error) {
      handleUnauthorized(error);
      set({ error: errorText(error) });
    }
  },

  async save(patch) {
    set({ isSaving: true });
    try {
      set({ view: await ipc.call('settings:update', { patch }) });
      return null;
    } catch (error) {
      handleUnauthorized(error);
      return errorText(error);
    } finally {
      set({ isSaving: false });
    }
  },
}));

ipc.on('settings:onDidChange', () => void useSettingsStore.getState().refresh());
