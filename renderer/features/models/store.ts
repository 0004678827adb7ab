import { create } from 'zustand';
import type { LocalModel, ModelSettingsPatch } from '../../../common/library.js';
import type { ModelSettingsView, ModelSummary } from '../../../common/ipc/contract.js';
import { ipc } from '../../ipc/client.js';
import { errorText } from '../../lib/errorText.js';
import { handleUnauthorized, onServerUsable, useServerStore } from '../server/store.js';

/** A note about a model the user did not ask for, e.g. an eviction; shown until dismissed. */
export interface ModelNotice {
  id: number;
  text: string;
}

export interface ModelsState {
  /** Live states, from the event feed. */
  models: ModelSummary[];
  /** What the library knows of each model (metadata, source, sha256, settings); admin only. */
  library: LocalModel[];
  isLoading: boolean;
  /** Whether the list has been read at least once (an empty list then means no models). */
  listedOnce: boolean;
  /** A failure reading the list. */
  error: string | null;
  /** The model chat messages go to. */
  selectedId: string | null;
  /** Models with a load, unload or delete asked for and not yet answered. */
  busyIds: string[];
  /** Per model: why its last action failed, in words. */
  errors: Record<string, string>;
  /** Per model: when it started loading (ms since the epoch), for the elapsed time the UI shows. */
  loadingSince: Record<string, number>;
  notices: ModelNotice[];
  refresh(): Promise<void>;
  select(id: string): void;
  load(id: string): Promise<boolean>;
  unload(id: string): Promise<boolean>;
  toggleLoaded(model: ModelSummary): Promise<void>;
  /** Deletes the file; a loaded model is unloaded first. */
  remove(id: string): Promise<boolean>;
  getSettings(id: string): Promise<ModelSettingsView>;
  /** Saves per-model load settings; resolves with the error in words, or null. */
  saveSettings(id: string, patch: ModelSettingsPatch): Promise<string | null>;
  dismissNotice(id: number): void;
}

let noticeCounter = 0;

/** Applies a live snapshot: states, load start times, and notices for models unloaded to make room. */
function applySnapshot(models: ModelSummary[], evicted: { id: string; for: string | null }[]): void {
  const state = useModelsStore.getState();
  const loadingSince = { ...state.loadingSince };
  for (const model of models) {
    if (model.state === 'loading') loadingSince[model.id] ??= Date.now();
    else delete loadingSince[model.id];
  }
  const errors = { ...state.errors };
  for (const model of models) if (model.state === 'error' && model.error) errors[model.id] = model.error;
  const notices = [
    ...state.notices,
    ...evicted.map(({ id, for: wanted }) => ({
      id: ++noticeCounter,
      text: `${id} was unloaded to make room${wanted ? ` for ${wanted}` : ''}: Hearth keeps at most the "max loaded models" setting in memory.`,
    })),
  ];
  const selectedId = models.some((model) => model.id === state.selectedId) ? state.selectedId : (models.find((model) => model.state === 'loaded') ?? models[0])?.id ?? null;
  useModelsStore.setState({ models, loadingSince, errors, notices, selectedId });
}

export const useModelsStore = create<ModelsState>()((set, get) => {
  const act = async (id: string, action: () => Promise<unknown>): Promise<boolean> => {
    const { [id]: _old, ...errors } = get().errors;
    set({ busyIds: [...get().busyIds, id], errors });
    try {
      await action();
      return true;
    } catch (error) {
      handleUnauthorized(error);
      set({ errors: { ...get().errors, [id]: errorText(error) } });
      return false;
    } finally {
      set({ busyIds: get().busyIds.filter((busy) => busy !== id) });
    }
  };

  return {
    models: [],
    library: [],
    isLoading: false,
    listedOnce: false,
    error: null,
    selectedId: null,
    busyIds: [],
    errors: {},
    loadingSince: {},
    notices: [],

    async refresh() {
      set({ isLoading: true });
      try {
        const models = await ipc.call('models:list', {});
        applySnapshot(models, []);
        set({ error: null, listedOnce: true });
        // The library's details are an admin's; a user key sees the live list only.
        if (useServerStore.getState().status?.role !== 'user') set({ library: await ipc.call('models:library', {}) });
      } catch (error) {
        if (!handleUnauthorized(error)) set({ error: errorText(error) });
      } finally {
        set({ isLoading: false });
      }
    },

    select(id) {
      set({ selectedId: id });
    },

    load(id) {
      set({ loadingSince: { ...get().loadingSince, [id]: get().loadingSince[id] ?? Date.now() } });
      return act(id, async () => applyOne(await ipc.call('models:load', { id })));
    },

    unload(id) {
      return act(id, async () => applyOne(await ipc.call('models:unload', { id })));
    },

    async toggleLoaded(model) {
      await (model.state === 'loaded' ? get().unload(model.id) : get().load(model.id));
    },

    async remove(id) {
      const ok = await act(id, () => ipc.call('models:delete', { id, unload: true }));
      if (ok) {
        set({ models: get().models.filter((model) => model.id !== id), library: get().library.filter((model) => model.id !== id) });
        if (get().selectedId === id) set({ selectedId: get().models[0]?.id ?? null });
      }
      return ok;
    },

    getSettings: (id) => ipc.call('models:getSettings', { id }),

    async saveSettings(id, patch) {
      try {
        const view = await ipc.call('models:updateSettings', { id, patch });
        set({ library: get().library.map((model) => (model.id === id ? { ...model, settings: view.settings } : model)) });
        return null;
      } catch (error) {
        handleUnauthorized(error);
        return errorText(error);
      }
    },

    dismissNotice(id) {
      set({ notices: get().notices.filter((notice) => notice.id !== id) });
    },
  };
});

/** A load or unload answers with the model's new state; apply it at once rather than wait for the feed. */
function applyOne(model: ModelSummary): void {
  const models = useModelsStore.getState().models;
  applySnapshot(
    models.some((entry) => entry.id === model.id) ? models.map((entry) => (entry.id === model.id ? model : entry)) : [...models, model],
    [],
  );
}

ipc.on('models:onDidChange', ({ models, evicted }) => {
  useModelsStore.setState({ listedOnce: true });
  const known = new Set(useModelsStore.getState().models.map((model) => model.id));
  applySnapshot(models, evicted);
  // A model appeared (a finished download): its library details are needed too.
  const { isLoading } = useModelsStore.getState();
  if (!isLoading && models.some((model) => !known.has(model.id)) && useServerStore.getState().status?.role !== 'user') {
    void ipc.call('models:library', {}).then((library) => useModelsStore.setState({ library }), () => undefined);
  }
});
onServerUsable(() => void useModelsStore.getState().refresh());
