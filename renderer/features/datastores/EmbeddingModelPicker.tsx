import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import type { CatalogEntry } from '../../../common/library.js';
import { ErrorNote } from '../../components/Notes.js';
import { ipc } from '../../ipc/client.js';
import { formatBytes } from '../../lib/format.js';
import { useDiscoverStore } from '../discover/store.js';
import { isActive, useDownloadsStore } from '../downloads/store.js';
import { useModelsStore } from '../models/store.js';
import { canChange, useServerStore } from '../server/store.js';
import { embeddingOptionLabel, embeddingOptions } from './model.js';

/** The library's embedding-capable models, dedicated ones first; read from the models store as it changes. */
export function useEmbeddingOptions() {
  const models = useModelsStore((state) => state.models);
  const library = useModelsStore((state) => state.library);
  const listedOnce = useModelsStore((state) => state.listedOnce);
  useEffect(() => {
    if (!useModelsStore.getState().listedOnce) void useModelsStore.getState().refresh();
  }, []);
  return { options: embeddingOptions(models, library), listedOnce };
}

/** A select of the models that can embed; `exclude` leaves out the model a datastore already uses. */
export function EmbeddingModelSelect({ id, value, onChange, exclude }: { id: string; value: string; onChange(model: string): void; exclude?: string }) {
  const { options } = useEmbeddingOptions();
  const shown = options.filter((option) => option.id !== exclude);
  useEffect(() => {
    // Keep a valid choice: the first (a dedicated embedding model when there is one) until the user picks.
    if (!shown.some((option) => option.id === value) && shown[0]) onChange(shown[0].id);
  }, [shown, value, onChange]);
  return (
    <select id={id} value={value} onChange={(event) => onChange(event.target.value)} data-testid={id}>
      {shown.map((option) => (
        <option key={option.id} value={option.id}>
          {embeddingOptionLabel(option)}
        </option>
      ))}
    </select>
  );
}

/**
 * Said when no model can embed: what to get and the button that gets it — the catalog's embedding pick
 * downloaded at once, or Discover with a search for more choice. A user key can only ask an admin.
 */
export function NoEmbeddingModel({ onNavigate }: { onNavigate?(): void }) {
  const mayDownload = useServerStore((state) => canChange(state.status));
  const [entry, setEntry] = useState<CatalogEntry | null>(null);
  const downloading = useDownloadsStore((state) => (entry ? Object.values(state.records).find((record) => record.ref === entry.ref && isActive(record)) : undefined));
  const downloadError = useDownloadsStore((state) => state.error);
  const [, navigate] = useLocation();
  useEffect(() => {
    if (!mayDownload) return;
    ipc.call('library:catalog', {}).then((catalog) => setEntry(catalog.find((item) => item.purpose === 'embedding') ?? null), () => setEntry(null));
  }, [mayDownload]);
  if (!mayDownload) {
    return <p className="dialog-text" data-testid="no-embedding-model">No model here can make embeddings. Ask an admin to download an embedding model (for example nomic-embed-text).</p>;
  }
  return (
    <div className="ds-no-model" data-testid="no-embedding-model">
      <p className="dialog-text">A datastore needs a model that turns text into vectors, and none is installed yet.</p>
      {entry && (
        <div className="ds-offer">
          <div>
            <strong>{entry.name}</strong> <span className="muted">· about {formatBytes(entry.approxSizeBytes)}</span>
            <p className="hint">{entry.description}</p>
          </div>
          {downloading ? (
            <span className="badge badge-download-downloading" role="status">
              Downloading… {downloading.totalBytes ? `${Math.round((downloading.receivedBytes / downloading.totalBytes) * 100)}%` : ''}
            </span>
          ) : (
            <button type="button" className="primary" onClick={() => void useDownloadsStore.getState().start(entry.ref)} data-testid="download-embedding-model">
              Download
            </button>
          )}
        </div>
      )}
      <ErrorNote>{downloadError}</ErrorNote>
      <button
        type="button"
        className="ghost"
        onClick={() => {
          void useDiscoverStore.getState().search('embed');
          onNavigate?.();
          navigate('/discover');
        }}
      >
        Search Hugging Face for embedding models…
      </button>
    </div>
  );
}
