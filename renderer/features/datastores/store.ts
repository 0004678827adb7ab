import { create } from 'zustand';
import { droppedFileLimitBytes } from '../../../common/ipc/calls/rag.js';
import { formatBytes } from '../../lib/format.js';
import { isJobFinished, type CreateDatastoreInput, type DatastoreRecord, type DocumentRecord, type JobRecord, type SearchMode, type SearchResult, type UpdateDatastoreInput } from '../../../common/rag.js';
import { HearthError } from '../../../common/errors.js';
import { ipc } from '../../ipc/client.js';
import { errorText, isPermissionError } from '../../lib/errorText.js';
import { handleUnauthorized, onServerUsable, useServerStore } from '../server/store.js';
import { withExtensionsOnly } from './model.js';

/** Files on their way to the server, or refused by it before any job existed (a 415, a 413). */
export interface UploadEntry {
  id: number;
  datastoreId: string;
  names: string[];
  state: 'uploading' | 'failed';
  error: string | null;
}

export interface QueryState {
  datastoreId: string;
  text: string;
  mode: SearchMode;
  results: SearchResult[] | null;
  isRunning: boolean;
  error: string | null;
}

export interface DatastoresState {
  datastores: DatastoreRecord[];
  listedOnce: boolean;
  /** Why the list could not be read. */
  error: string | null;
  /** Documents per datastore, read when one is opened and after each of its jobs. */
  documents: Record<string, DocumentRecord[]>;
  /** Jobs seen this session by id: started here, pushed by the feed, or named by a datastore's reindex. */
  jobs: Record<string, JobRecord>;
  uploads: UploadEntry[];
  /** Why the last change asked for failed, in words; shown until the next action. */
  actionError: string | null;
  query: QueryState | null;
  refresh(): Promise<void>;
  loadDocuments(datastoreId: string): Promise<void>;
  /** Resolves with the new record, or the error in words. */
  create(input: CreateDatastoreInput): Promise<DatastoreRecord | string>;
  /** Resolves with the error in words, or null once saved. */
  update(datastoreId: string, patch: UpdateDatastoreInput): Promise<string | null>;
  remove(datastoreId: string): Promise<boolean>;
  /** The file picker: the page's in the browser, main's dialog in the desktop app. */
  pickFiles(datastoreId: string): Promise<void>;
  /** Files dropped on the page: each uploaded alone, so one refused file names itself and the others go in. */
  addDroppedFiles(datastoreId: string, files: readonly File[]): Promise<void>;
  removeDocument(datastoreId: string, documentId: string): Promise<boolean>;
  /** Resolves with the error in words, or null once the job started. */
  reindex(datastoreId: string, model: string): Promise<string | null>;
  cancelJob(jobId: string): Promise<void>;
  /** Hides a finished job or a refused upload. */
  dismiss(entry: { jobId: string } | { uploadId: number }): void;
  runQuery(datastoreId: string, text: string, mode: SearchMode): Promise<void>;
}

let uploadCounter = 0;
/** Order of list reads: the datastores list and each datastore's documents keep only their newest answer. */
const lists = { asked: 0, applied: 0, documentsApplied: {} as Record<string, number> };
/** Jobs hidden by the user; a late event for one must not bring it back. */
const dismissedJobs = new Set<string>();
/** Jobs a poll follows: a user key has no event feed (common/ipc/http/eventFeed.ts). */
const polledJobs = new Set<string>();
const pollMs = 1000;

export const useDatastoresStore = create<DatastoresState>()((set, get) => {
  const fail = (error: unknown): string => {
    handleUnauthorized(error);
    // A 403 here is about one datastore (another user's, public to read), and the server names it.
    if (isPermissionError(error) && error instanceof Error) return error.message;
    return error instanceof HearthError && error.code === 'unsupported_file_type' ? withExtensionsOnly(error.message) : errorText(error);
  };

  return {
    datastores: [],
    listedOnce: false,
    error: null,
    documents: {},
    jobs: {},
    uploads: [],
    actionError: null,
    query: null,

    async refresh() {
      const asked = ++lists.asked;
      try {
        const datastores = await ipc.call('rag:list', {});
        // Jobs ending together read the list together; an answer older than one applied is stale.
        if (asked < lists.applied) return;
        lists.applied = asked;
        set({ datastores, listedOnce: true, error: null });
        // A reindex started elsewhere (or before a reload) is followed too.
        for (const record of datastores) if (record.reindexJobId && !get().jobs[record.reindexJobId]) void followJob(record.reindexJobId);
      } catch (error) {
        set({ error: fail(error) });
      }
    },

    async loadDocuments(datastoreId) {
      const asked = ++lists.asked;
      try {
        const documents = await ipc.call('rag:listDocuments', { datastoreId });
        if (asked < (lists.documentsApplied[datastoreId] ?? 0)) return;
        lists.documentsApplied[datastoreId] = asked;
        set({ documents: { ...get().documents, [datastoreId]: documents } });
      } catch (error) {
        set({ actionError: fail(error) });
      }
    },

    async create(input) {
      try {
        const record = await ipc.call('rag:create', input);
        set({ datastores: [...get().datastores.filter((entry) => entry.id !== record.id), record], documents: { ...get().documents, [record.id]: [] } });
        return record;
      } catch (error) {
        return fail(error);
      }
    },

    async update(datastoreId, patch) {
      try {
        const record = await ipc.call('rag:update', { datastoreId, ...patch });
        set({ datastores: get().datastores.map((entry) => (entry.id === record.id ? record : entry)) });
        return null;
      } catch (error) {
        return fail(error);
      }
    },

    async remove(datastoreId) {
      set({ actionError: null });
      try {
        await ipc.call('rag:delete', { datastoreId });
        const { [datastoreId]: _gone, ...documents } = get().documents;
        set({ datastores: get().datastores.filter((entry) => entry.id !== datastoreId), documents });
        return true;
      } catch (error) {
        set({ actionError: fail(error) });
        return false;
      }
    },

    async pickFiles(datastoreId) {
      set({ actionError: null });
      try {
        const { job } = await ipc.call('rag:addFiles', { datastoreId });
        if (job) putJob(job);
      } catch (error) {
        set({ actionError: fail(error) });
      }
    },

    async addDroppedFiles(datastoreId, files) {
      set({ actionError: null });
      await Promise.all(
        files.map(async (file) => {
          const upload: UploadEntry = { id: ++uploadCounter, datastoreId, names: [file.name], state: 'uploading', error: null };
          const patch = (change: Partial<UploadEntry> | null) =>
            set({ uploads: change ? get().uploads.map((entry) => (entry.id === upload.id ? { ...entry, ...change } : entry)) : get().uploads.filter((entry) => entry.id !== upload.id) });
          set({ uploads: [...get().uploads, upload] });
          if (file.size > droppedFileLimitBytes) {
            return patch({ state: 'failed', error: `'${file.name}' is ${formatBytes(file.size)}, more than the ${formatBytes(droppedFileLimitBytes)} a drop takes: add it with “Add files…” instead.` });
          }
          try {
            const job = await ipc.call('rag:addFileBytes', { datastoreId, files: [{ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }] });
            patch(null);
            putJob(job);
          } catch (error) {
            patch({ state: 'failed', error: fail(error) });
          }
        }),
      );
    },

    async removeDocument(datastoreId, documentId) {
      set({ actionError: null });
      try {
        await ipc.call('rag:removeDocument', { datastoreId, documentId });
        set({ documents: { ...get().documents, [datastoreId]: (get().documents[datastoreId] ?? []).filter((document) => document.id !== documentId) } });
        void get().refresh();
        return true;
      } catch (error) {
        set({ actionError: fail(error) });
        return false;
      }
    },

    async reindex(datastoreId, model) {
      try {
        const job = await ipc.call('rag:reindex', { datastoreId, model });
        set({ datastores: get().datastores.map((entry) => (entry.id === datastoreId ? { ...entry, reindexJobId: job.id } : entry)) });
        putJob(job);
        return null;
      } catch (error) {
        return fail(error);
      }
    },

    async cancelJob(jobId) {
      try {
        putJob(await ipc.call('rag:cancelJob', { jobId }));
      } catch (error) {
        set({ actionError: fail(error) });
      }
    },

    dismiss(entry) {
      if ('jobId' in entry) {
        dismissedJobs.add(entry.jobId);
        const { [entry.jobId]: _gone, ...jobs } = get().jobs;
        set({ jobs });
      } else set({ uploads: get().uploads.filter((upload) => upload.id !== entry.uploadId) });
    },

    async runQuery(datastoreId, text, mode) {
      const query: QueryState = { datastoreId, text, mode, results: get().query?.datastoreId === datastoreId ? (get().query?.results ?? null) : null, isRunning: true, error: null };
      set({ query });
      try {
        const results = await ipc.call('rag:query', { datastoreId, query: text, mode, topK: 10 });
        if (get().query === query) set({ query: { ...query, results, isRunning: false } });
      } catch (error) {
        if (get().query === query) set({ query: { ...query, results: null, isRunning: false, error: fail(error) } });
      }
    },
  };
});

/** Keeps a job's latest snapshot; when it ends, its datastore's documents and counts are read again. */
function putJob(job: JobRecord): void {
  if (dismissedJobs.has(job.id)) return;
  const { jobs } = useDatastoresStore.getState();
  const previous = jobs[job.id];
  // Events and poll answers may cross: never step back to an older snapshot.
  if (previous && previous.updatedAt > job.updatedAt) return;
  useDatastoresStore.setState({ jobs: { ...jobs, [job.id]: job } });
  if (isJobFinished(job) && !(previous && isJobFinished(previous))) {
    void useDatastoresStore.getState().loadDocuments(job.datastoreId);
    void useDatastoresStore.getState().refresh();
  } else if (!isJobFinished(job)) {
    void pollWithoutFeed(job.id);
  }
}

async function followJob(jobId: string): Promise<void> {
  try {
    putJob(await ipc.call('rag:getJob', { jobId }));
  } catch {
    // A job the server no longer knows (finished long ago, or another user's) has nothing to show.
  }
}

/** Where no event feed reaches the page (a user key), a running job is read every second until it ends. */
async function pollWithoutFeed(jobId: string): Promise<void> {
  if (useServerStore.getState().status?.role !== 'user' || polledJobs.has(jobId)) return;
  polledJobs.add(jobId);
  try {
    for (;;) {
      await new Promise((resolve) => setTimeout(resolve, pollMs));
      const job = useDatastoresStore.getState().jobs[jobId];
      if (!job || isJobFinished(job)) return;
      putJob(await ipc.call('rag:getJob', { jobId }));
    }
  } catch {
    // The server went away: the reconnect refreshes the list, which follows the reindex jobs again.
  } finally {
    polledJobs.delete(jobId);
  }
}

ipc.on('rag:onDidJobProgress', (job) => {
  const { jobs, datastores } = useDatastoresStore.getState();
  // Jobs of datastores this page shows; the feed carries every user's.
  if (jobs[job.id] || datastores.some((record) => record.id === job.datastoreId)) putJob(job);
});
onServerUsable(() => {
  if (useDatastoresStore.getState().listedOnce) void useDatastoresStore.getState().refresh();
});
