import { create } from 'zustand';
import type { CatalogEntry, FolderModelEntry, HubModelSummary, RepoModelFile } from '../../../common/library.js';
import { ipc } from '../../ipc/client.js';
import { errorText } from '../../lib/errorText.js';
import { handleUnauthorized } from '../server/store.js';

export interface DiscoverState {
  catalog: CatalogEntry[];
  /** Suggested folder models (Whisper for speech to text), each with whether it is installed. */
  folderModels: FolderModelEntry[];
  query: string;
  results: HubModelSummary[] | null;
  isSearching: boolean;
  /** The repo whose files are shown. */
  repo: string | null;
  files: RepoModelFile[] | null;
  isLoadingFiles: boolean;
  error: string | null;
  loadCatalog(): Promise<void>;
  loadFolderModels(): Promise<void>;
  search(query: string): Promise<void>;
  openRepo(repo: string): Promise<void>;
  closeRepo(): void;
}

/** A catalog ref `hf.co/USER/REPO:QUANT` names its repo. */
export function repoOfRef(ref: string): string | null {
  return /^(?:hf\.co\/|hf:)([^/:]+\/[^/:]+)/.exec(ref)?.[1] ?? null;
}

export const useDiscoverStore = create<DiscoverState>()((set, get) => {
  const fail = (error: unknown) => {
    handleUnauthorized(error);
    set({ error: errorText(error) });
  };
  return {
    catalog: [],
    folderModels: [],
    query: '',
    results: null,
    isSearching: false,
    repo: null,
    files: null,
    isLoadingFiles: false,
    error: null,

    async loadCatalog() {
      try {
        set({ catalog: await ipc.call('library:catalog', {}) });
      } catch (error) {
        fail(error);
      }
    },

    async loadFolderModels() {
      try {
        set({ folderModels: await ipc.call('library:folderModels', {}) });
      } catch (error) {
        fail(error);
      }
    },

    async search(query) {
      set({ query, isSearching: true, error: null });
      try {
        const results = await ipc.call('library:search', { query, limit: 30 });
        // A newer search may have started meanwhile; only the latest one's answer counts.
        if (get().query === query) set({ results });
      } catch (error) {
        if (get().query === query) fail(error);
      } finally {
        if (get().query === query) set({ isSearching: false });
      }
    },

    async openRepo(repo) {
      set({ repo, files: null, isLoadingFiles: true, error: null });
      try {
        const files = await ipc.call('library:repoFiles', { repo });
        if (get().repo === repo) set({ files });
      } catch (error) {
        if (get().repo === repo) fail(error);
      } finally {
        if (get().repo === repo) set({ isLoadingFiles: false });
      }
    },

    closeRepo() {
      set({ repo: null, files: null, error: null });
    },
  };
});

// A folder model that finished downloading is installed now: read the list again rather than guess.
ipc.on('downloads:onDidProgress', (record) => {
  if (record.folder !== undefined && record.state === 'completed' && useDiscoverStore.getState().folderModels.length > 0) void useDiscoverStore.getState().loadFolderModels();
});
