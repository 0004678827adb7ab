import { create } from 'zustand';
import type { RequestRecord, StatsReport } from '../../../common/stats.js';
import { ipc } from '../../ipc/client.js';
import { errorText } from '../../lib/errorText.js';
import { handleUnauthorized, useServerStore } from '../server/store.js';

/** Entries the UI reads and keeps: the server keeps `requestLogSize` (500 unless raised); the live tail may grow past it. */
export const maxLogEntries = 10_000;

export interface RequestFilters {
  status: 'all' | 'ok' | 'errors';
  /** A key alias, or '' for any. */
  key: string;
  /** A model id, or '' for any. */
  model: string;
}

export interface RequestsState {
  /** Newest first. */
  log: RequestRecord[];
  filters: RequestFilters;
  stats: StatsReport | null;
  error: string | null;
  refresh(): Promise<void>;
  refreshStats(): Promise<void>;
  setFilters(patch: Partial<RequestFilters>): void;
}

export function filterLog(log: readonly RequestRecord[], filters: RequestFilters): RequestRecord[] {
  return log.filter(
    (record) =>
      (filters.status === 'all' || (filters.status === 'errors') === record.status >= 400) &&
      (filters.key === '' || (record.keyAlias ?? '(no key)') === filters.key) &&
      (filters.model === '' || record.model === filters.model),
  );
}

let statsTimer: ReturnType<typeof setTimeout> | null = null;

export const useRequestsStore = create<RequestsState>()((set, get) => ({
  log: [],
  filters: { status: 'all', key: '', model: '' },
  stats: null,
  error: null,

  async refresh() {
    if (useServerStore.getState().status?.role === 'user') return;
    try {
      set({ log: await ipc.call('requests:list', { limit: maxLogEntries }), error: null });
      await get().refreshStats();
    } catch (error) {
      handleUnauthorized(error);
      set({ error: errorText(error) });
    }
  },

  async refreshStats() {
    try {
      set({ stats: await ipc.call('stats:get', {}) });
    } catch (error) {
      handleUnauthorized(error);
      set({ error: errorText(error) });
    }
  },

  setFilters(patch) {
    set({ filters: { ...get().filters, ...patch } });
  },
}));

// A busy server finishes hundreds of requests a second, and the feed may bring dozens in one read: each one
// copying a 10,000-entry log and rendering it stalled the page for 150 ms (npm run bench:ui), so records are
// gathered and applied together at most every 100 ms.
let arrived: RequestRecord[] = [];
let applyTimer: ReturnType<typeof setTimeout> | null = null;

function applyArrived(): void {
  applyTimer = null;
  const newestFirst = arrived.reverse();
  arrived = [];
  useRequestsStore.setState((state) => {
    // A record may also be in a list read since it arrived: keep one of each.
    const known = new Set(state.log.map((record) => record.requestId));
    const fresh = newestFirst.filter((record) => !record.requestId || !known.has(record.requestId));
    return { log: [...fresh, ...state.log].slice(0, maxLogEntries) };
  });
}

ipc.on('requests:onDidRecord', (record) => {
  arrived.push(record);
  applyTimer ??= setTimeout(applyArrived, 100);
  // Statistics follow the log, at most every two seconds however busy the server is, once they were read.
  if (useRequestsStore.getState().stats === null) return;
  statsTimer ??= setTimeout(() => {
    statsTimer = null;
    void useRequestsStore.getState().refreshStats();
  }, 2_000);
});
