import { create } from 'zustand';
import type { MachineInfo } from '../../../common/ipc/contract.js';
import type { DownloadProgress } from '../../../common/downloads.js';
import type { CatalogEntry } from '../../../common/library.js';
import { ipc } from '../../ipc/client.js';
import { errorText } from '../../lib/errorText.js';
import { useDownloadsStore } from '../downloads/store.js';
import { useModelsStore } from '../models/store.js';
import { handleUnauthorized } from '../server/store.js';
import { pickForMachine } from './pick.js';

export type FirstRunStep = 'idle' | 'downloading' | 'loading' | 'done' | 'failed';

export interface FirstRunState {
  machine: MachineInfo | null;
  catalog: CatalogEntry[];
  pick: CatalogEntry | null;
  step: FirstRunStep;
  downloadId: string | null;
  modelId: string | null;
  error: string | null;
  prepare(): Promise<void>;
  choose(entry: CatalogEntry): void;
  /** Downloads the pick, loads it and selects it for chat: one click from nothing to chatting. */
  start(): Promise<void>;
}

/** Resolves when the download is finished, with its last record. */
function finished(id: string): Promise<DownloadProgress> {
  return new Promise((resolve) => {
    const check = (record: DownloadProgress | undefined) => {
      if (record && (record.state === 'completed' || record.state === 'failed' || record.state === 'cancelled')) {
        stop();
        resolve(record);
      }
    };
    const stop = useDownloadsStore.subscribe((state) => check(state.records[id]));
    check(useDownloadsStore.getState().records[id]);
  });
}

export const useFirstRunStore = create<FirstRunState>()((set, get) => ({
  machine: null,
  catalog: [],
  pick: null,
  step: 'idle',
  downloadId: null,
  modelId: null,
  error: null,

  async prepare() {
    try {
      const [catalog, machine] = await Promise.all([ipc.call('library:catalog', {}), ipc.call('server:getMachine', {}).catch(() => null)]);
      set({ catalog, machine, pick: get().pick ?? pickForMachine(catalog, machine), error: null });
    } catch (error) {
      handleUnauthorized(error);
      set({ error: errorText(error) });
    }
  },

  choose(entry) {
    set({ pick: entry });
  },

  async start() {
    const pick = get().pick;
    if (!pick) return;
    set({ step: 'downloading', error: null });
    const record = await useDownloadsStore.getState().start(pick.ref);
    if (!record) return set({ step: 'failed', error: useDownloadsStore.getState().error });
    set({ downloadId: record.id, modelId: record.modelId });
    const done = await finished(record.id);
    if (done.state !== 'completed') return set({ step: 'failed', error: done.error?.message ?? 'The download was stopped.' });
    set({ step: 'loading' });
    if (!(await useModelsStore.getState().load(record.modelId))) return set({ step: 'failed', error: useModelsStore.getState().errors[record.modelId] ?? 'The model did not load.' });
    useModelsStore.getState().select(record.modelId);
    set({ step: 'done' });
  },
}));
