import { create } from 'zustand';
import type { Assistant, CreateAssistantRequest } from '../../../common/assistants.js';
import { ipc } from '../../ipc/client.js';
import { errorText } from '../../lib/errorText.js';
import { handleUnauthorized } from '../server/store.js';

export interface AssistantsState {
  assistants: Assistant[];
  isLoading: boolean;
  error: string | null;
  refresh(): Promise<void>;
  /** Creates (id null) or changes one; resolves with the error in words, or null once saved. */
  save(id: string | null, input: CreateAssistantRequest): Promise<string | null>;
  remove(id: string): Promise<void>;
}

export const useAssistantsStore = create<AssistantsState>()((set, get) => ({
  assistants: [],
  isLoading: false,
  error: null,

  async refresh() {
    set({ isLoading: true, error: null });
    try {
      set({ assistants: await ipc.call('assistants:list', {}) });
    } catch (error) {
      handleUnauthorized(error);
      set({ error: errorText(error) });
    } finally {
      set({ isLoading: false });
    }
  },

  async save(id, input) {
    try {
      const saved = id ? await ipc.call('assistants:update', { id, ...input }) : await ipc.call('assistants:create', input);
      const others = get().assistants.filter((assistant) => assistant.id !== saved.id);
      set({ assistants: id ? get().assistants.map((assistant) => (assistant.id === id ? saved : assistant)) : [...others, saved] });
      return null;
    } catch (error) {
      handleUnauthorized(error);
      return errorText(error);
    }
  },

  async remove(id) {
    set({ error: null });
    try {
      await ipc.call('assistants:delete', { id });
      set({ assistants: get().assistants.filter((assistant) => assistant.id !== id) });
    } catch (error) {
      handleUnauthorized(error);
      set({ error: errorText(error) });
    }
  },
}));
