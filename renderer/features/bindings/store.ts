import { create } from 'zustand';
import type { BindingSummary, BindingTestResult, CreateBindingInput, UpdateBindingInput } from '../../../common/bindings.js';
import { ipc } from '../../ipc/client.js';
import { errorText } from '../../lib/errorText.js';
import { useModelsStore } from '../models/store.js';
import { handleUnauthorized } from '../server/store.js';

/** A connection test of one binding: running, or its answer (a failure to even ask is `error`). */
export interface BindingTest {
  isRunning: boolean;
  result: BindingTestResult | null;
  error: string | null;
}

export interface BindingsState {
  bindings: BindingSummary[];
  listedOnce: boolean;
  error: string | null;
  /** By binding id: the last connection test, shown under its row until the next. */
  tests: Record<string, BindingTest>;
  refresh(): Promise<void>;
  /** Creates (id null) or changes one; resolves with the error in words, or null once saved. */
  save(id: string | null, input: CreateBindingInput | UpdateBindingInput): Promise<string | null>;
  remove(id: string): Promise<void>;
  test(id: string): Promise<void>;
}

/** A binding's models are served like local ones: the Models screen and the chat picker read the list again. */
const refreshModels = () => void useModelsStore.getState().refresh();

export const useBindingsStore = create<BindingsState>()((set, get) => ({
  bindings: [],
  listedOnce: false,
  error: null,
  tests: {},

  async refresh() {
    try {
      set({ bindings: await ipc.call('bindings:list', {}), error: null, listedOnce: true });
    } catch (error) {
      handleUnauthorized(error);
      set({ error: errorText(error) });
    }
  },

  async save(id, input) {
    try {
      const saved = id ? await ipc.call('bindings:update', { id, patch: input as UpdateBindingInput }) : await ipc.call('bindings:create', input as CreateBindingInput);
      const others = get().bindings.filter((binding) => binding.id !== saved.id);
      set({ bindings: id ? get().bindings.map((binding) => (binding.id === id ? saved : binding)) : [...others, saved] });
      refreshModels();
      return null;
    } catch (error) {
      handleUnauthorized(error);
      return errorText(error);
    }
  },

  async remove(id) {
    set({ error: null });
    try {
      await ipc.call('bindings:delete', { id });
      const { [id]: _dropped, ...tests } = get().tests;
      set({ bindings: get().bindings.filter((binding) => binding.id !== id), tests });
      refreshModels();
    } catch (error) {
      handleUnauthorized(error);
      set({ error: errorText(error) });
    }
  },

  async test(id) {
    const put = (test: BindingTest) => set({ tests: { ...get().tests, [id]: test } });
    put({ isRunning: true, result: null, error: null });
    try {
      put({ isRunning: false, result: await ipc.call('bindings:test', { id }), error: null });
      // The test also told the server whether the upstream answers: show its health as it now stands.
      void get().refresh();
    } catch (error) {
      handleUnauthorized(error);
      put({ isRunning: false, result: null, error: errorText(error) });
    }
  },
}));
