import { create } from 'zustand';
import type { DownloadProgress } from '../../../common/downloads.js';
import { ipc } from '../../ipc/client.js';
import { errorText } from '../../lib/errorText.js';
import { handleUnauthorized, onServerUsable, useServerStore } from '../server/store.js';

export interface DownloadsState {
  /** By id, newest first when listed (see `ordered`). */
  records: Record<string, DownloadProgress>;
  /** Why the last action failed, in words. */
  error: string | null;
  refresh(): Promise<void>;
  /** Queues a download; resolves with its record, or null when refused (the error says why). */
  start(ref: string): Promise<DownloadProgress | null>;
  /** Stops a download and keeps what arrived, so `resume` continues from there. */
  pause(id: string): Promise<void>;
  resume(id: string): Promise<void>;
  /** Stops it and deletes what arrived. */
  cancel(id: string): Promise<void>;
}

export const isActive = (record: DownloadProgress) => record.state === 'queued' || record.state === 'downloading' || record.state === 'verifying';

/** Newest first. */
export function ordered(records: Record<string, DownloadProgress>): DownloadProgress[] {
  return Object.values(records).sort((a, b) => b.createdAt - a.createdAt);
}

export const useDownloadsStore = create<DownloadsState>()((set, get) => {
  const guarded = async <T>(action: () => Promise<T>): Promise<T | null> => {
    set({ error: null });
    try {
      return await action();
    } catch (error) {
      handleUnauthorized(error);
      set({ error: errorText(error) });
      return null;
    }
  };
  const put = (record: DownloadProgress) => set({ records: { ...get().records, [record.id]: record } });

  return {
    records: {},
    error: null,

    async refresh() {
      if (useServerStore.getState().status?.role === 'user') return;
      const list = await guarded(() => ipc.call('downloads:list', {}));
      if (list) set({ records: Object.fromEntries(list.map((record) => [record.id, record])) });
    },

    async start(ref) {
      const record = await guarded(() => ipc.call('downloads:start', { ref }));
      if (record) put(record);
      return record;
    },

    async pause(id) {
      const record = await guarded(() => ipc.call('downloads:cancel', { id, discard: false }));
      if (record) put(record);
    },

    async resume(id) {
      const previous = get().records[id];
      if (!previous) return;
      // The server resumes from the kept .part file when the same ref is pulled again.
      const record = await guarded(() => ipc.call('downloads:start', { ref: previous.ref }));
      if (record) {
        const { [id]: _old, ...rest } = get().records;
        set({ records: { ...rest, [record.id]: record } });
      }
    },

    async cancel(id) {
      const record = await guarded(() => ipc.call('downloads:cancel', { id, discard: true }));
      if (record) put(record);
    },
  };
});

/**
 * Byte counts are shown at most this often per download. The server pushes five a second, and each one shown
 * costs the page a render and a paint (bench:ui: ~15 ms of the browser's CPU apiece under software compositing,
 * taken from the cores the download runs on); two or three a second read as smooth.
 */
const progressShownEveryMs = 400;
const lastShown = new Map<string, number>();
const waiting = new Map<string, DownloadProgress>();

function show(record: DownloadProgress) {
  waiting.delete(record.id);
  if (isActive(record)) lastShown.set(record.id, performance.now());
  else lastShown.delete(record.id);
  useDownloadsStore.setState((state) => {
    const shown = state.records[record.id];
    // An answer to pause or cancel may have come in meanwhile: an older snapshot never replaces it.
    if (shown && shown.updatedAt > record.updatedAt) return state;
    return { records: { ...state.records, [record.id]: record } };
  });
}

ipc.on('downloads:onDidProgress', (record) => {
  const shown = useDownloadsStore.getState().records[record.id];
  const since = performance.now() - (lastShown.get(record.id) ?? -Infinity);
  // A new state (waiting, downloading, checking, done, failed) shows at once; byte counts wait their turn.
  if (shown?.state !== record.state || since >= progressShownEveryMs) return show(record);
  if (!waiting.has(record.id)) setTimeout(() => void (waiting.has(record.id) && show(waiting.get(record.id)!)), progressShownEveryMs - since);
  waiting.set(record.id, record);
});
onServerUsable(() => void useDownloadsStore.getState().refresh());
