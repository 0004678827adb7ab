import { create } from 'zustand';
import type { ModelSummary } from '../../../common/ipc/contract.js';
import { ipc } from '../../ipc/client.js';
import { handleUnauthorized, useServerStore } from '../server/store.js';

interface ModelsState {
  models: ModelSummary[];
  isLoading: boolean;
  error: string | null;
  /** The model chat messages go to. */
  selectedId: string | null;
  /** Models with a load or unload in flight. */
  busyIds: string[];
  refresh(): Promise<void>;
  select(id: string): void;
  toggleLoaded(model: ModelSummary): Promise<void>;
}

export const useModelsStore = create<ModelsState>()((set, get) => ({
  models: [],
  isLoading: false,
  error: null,
  selectedId: null,
  busyIds: [],

  async refresh() {
    set({ isLoading: true });
    try {
      const models = await ipc.call('models:list', {});
      const { selectedId } = get();
      const stillThere = models.some((model) => model.id === selectedId);
      const preferred = models.find((model) => model.state === 'loaded') ?? models[0];
      set({ models, error: null, selectedId: stillThere ? selectedId : (preferred?.id ?? null) });
    } catch (error) {
      if (!handleUnauthorized(error)) set({ error: (error as Error).message });
    } finally {
      set({ isLoading: false });
    }
  },

  select(id) {
    set({ selectedId: id });
  },

  async toggleLoaded(model) {
    set({ busyIds: [...get().busyIds, model.id], error: null });
    try {
      await ipc.call(model.state === 'loaded' ? 'models:unload' : 'models:load', { id: model.id });
    } catch (error) {
      if (!handleUnauthorized(error)) set({ error: (error as Error).message });
    } finally {
      set({ busyIds: get().busyIds.filter((id) => id !== model.id) });
    }
    await get().refresh();
  },
}));

// The list is read whenever the server becomes usable: on start and after a key is accepted.
useServerStore.subscribe((state, previous) => {
  const usable = state.status?.state === 'running' && !state.status.needsApiKey;
  const wasUsable = previous.status?.state === 'running' && !previous.status.needsApiKey;
  if (usable && !wasUsable) void useModelsStore.getState().refresh();
});
