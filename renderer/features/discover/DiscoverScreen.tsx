import { useEffect, useState, type FormEvent } from 'react';
import type { RepoModelFile } from '../../../common/library.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNote, InfoNote } from '../../components/Notes.js';
import { Screen } from '../../components/Screen.js';
import { formatBytes, formatCount } from '../../lib/format.js';
import { DownloadList } from '../downloads/DownloadList.js';
import { useDownloadsStore } from '../downloads/store.js';
import { canChange, isUsable, useServerStore } from '../server/store.js';
import { FolderModels } from './FolderModels.js';
import { repoOfRef, useDiscoverStore } from './store.js';

function fitWords(file: RepoModelFile): { text: string; tone: 'ok' | 'warn' | 'bad' } {
  if (!file.fit) return { text: file.fitError ? 'fit unknown' : 'fit unknown', tone: 'warn' };
  if (!file.fit.fits) return { text: 'too large for this machine', tone: 'bad' };
  if (file.fit.totalLayers > 0 && file.fit.gpuLayers > 0 && file.fit.gpuLayers < file.fit.totalLayers) return { text: `fits with partial GPU offload (${file.fit.gpuLayers}/${file.fit.totalLayers} layers)`, tone: 'warn' };
  return { text: 'fits this machine', tone: 'ok' };
}

function RepoFiles() {
  const repo = useDiscoverStore((state) => state.repo);
  const files = useDiscoverStore((state) => state.files);
  const isLoading = useDiscoverStore((state) => state.isLoadingFiles);
  const error = useDiscoverStore((state) => state.error);
  const { closeRepo, openRepo } = useDiscoverStore.getState();
  const mayChange = useServerStore((state) => canChange(state.status));
  const start = useDownloadsStore((state) => state.start);
  return (
    <Dialog open={repo !== null} title={repo ?? ''} onClose={closeRepo} wide testId="repo-files">
      {isLoading && <InfoNote>Reading the repo's files…</InfoNote>}
      {repo && <ErrorNote onRetry={() => void openRepo(repo)}>{error}</ErrorNote>}
      {files && files.length === 0 && <p className="muted">This repo has no GGUF files.</p>}
      {files && files.length > 0 && (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Size</th>
              <th scope="col">Quantization</th>
              <th scope="col">On this machine</th>
              <th scope="col">
                <span className="visually-hidden">Download</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.map((file) => {
              const fit = fitWords(file);
              return (
                <tr key={file.path} data-testid="repo-file">
                  <td className="wrap">{file.path}</td>
                  <td>{formatBytes(file.sizeBytes)}</td>
                  <td>{file.quantization ?? '—'}</td>
                  <td className={`fit fit-${fit.tone}`}>{fit.text}</td>
                  <td>
                    <button
                      type="button"
                      className="small primary"
                      disabled={!mayChange}
                      onClick={async () => {
                        if (await start(file.ref)) closeRepo();
                      }}
                      aria-label={`Download ${file.path}`}
                    >
                      Download
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Dialog>
  );
}

/** Curated picks, Hugging Face search, a repo's quantizations with fit, speech-to-text models and voices, and the downloads. */
export function DiscoverScreen() {
  const catalog = useDiscoverStore((state) => state.catalog);
  const results = useDiscoverStore((state) => state.results);
  const isSearching = useDiscoverStore((state) => state.isSearching);
  const error = useDiscoverStore((state) => state.error);
  const repo = useDiscoverStore((state) => state.repo);
  const { loadCatalog, search, openRepo } = useDiscoverStore.getState();
  const usable = useServerStore((state) => isUsable(state.status));
  const mayChange = useServerStore((state) => canChange(state.status));
  const start = useDownloadsStore((state) => state.start);
  const [query, setQuery] = useState(useDiscoverStore.getState().query);
  useEffect(() => {
    if (usable && mayChange && catalog.length === 0) void loadCatalog();
  }, [usable, mayChange, catalog.length, loadCatalog]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (query.trim()) void search(query.trim());
  };

  return (
    <Screen title="Discover" testId="discover-screen">
      {!mayChange && usable && <InfoNote>Searching and downloading models needs an admin key.</InfoNote>}
      <div className="discover">
        <div className="discover-main">
          <form className="search" role="search" onSubmit={submit}>
            <label htmlFor="hub-search" className="visually-hidden">
              Search Hugging Face
            </label>
            <input id="hub-search" type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Search GGUF models on Hugging Face" disabled={!mayChange} data-testid="hub-search" />
            <button type="submit" disabled={!mayChange || !query.trim() || isSearching}>
              {isSearching ? 'Searching…' : 'Search'}
            </button>
          </form>
          {!repo && <ErrorNote onRetry={query.trim() ? () => void search(query.trim()) : undefined}>{error}</ErrorNote>}
          {results && (
            <section aria-labelledby="results-title" className="panel">
              <h2 id="results-title">Results for “{useDiscoverStore.getState().query}”</h2>
              {results.length === 0 && <p className="muted">No GGUF repos found. Try fewer or other words.</p>}
              <ul className="card-list">
                {results.map((result) => (
                  <li key={result.id} className="card" data-testid="search-result">
                    <div>
                      <strong className="wrap">{result.id}</strong>
                      <div className="muted">
                        {formatCount(result.downloads)} downloads · {formatCount(result.likes)} likes
                      </div>
                    </div>
                    <button type="button" className="small" onClick={() => void openRepo(result.id)}>
                      Show files
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <section aria-labelledby="catalog-title" className="panel">
            <h2 id="catalog-title">Recommended</h2>
            <ul className="card-list">
              {catalog.map((entry) => {
                const entryRepo = repoOfRef(entry.ref);
                return (
                  <li key={entry.ref} className="card" data-testid="catalog-entry">
                    <div>
                      <strong>{entry.name}</strong> <span className="tag">{entry.purpose}</span>
                      <div className="muted">
                        about {formatBytes(entry.approxSizeBytes)} · {entry.description}
                      </div>
                    </div>
                    <div className="card-actions">
                      {entryRepo && (
                        <button type="button" className="small ghost" onClick={() => void openRepo(entryRepo)}>
                          Files
                        </button>
                      )}
                      <button type="button" className="small primary" disabled={!mayChange} onClick={() => void start(entry.ref)} aria-label={`Download ${entry.name}`}>
                        Download
                      </button>
                    </div>
                  </li>
                );
              })}
            </ul>
          </section>
          <FolderModels />
        </div>
        <DownloadList />
      </div>
      <RepoFiles />
    </Screen>
  );
}
