import { useEffect } from 'react';
import type { DownloadRecord } from '../../../common/downloads.js';
import type { FolderModelEntry } from '../../../common/library.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes } from '../../lib/format.js';
import { isActive, useDownloadsStore } from '../downloads/store.js';
import { canChange, isUsable, useServerStore } from '../server/store.js';
import { useDiscoverStore } from './store.js';

/** The newest download of a ref, if any. */
function latestDownload(records: Record<string, DownloadRecord>, ref: string): DownloadRecord | undefined {
  return Object.values(records)
    .filter((record) => record.ref === ref)
    .sort((a, b) => b.createdAt - a.createdAt)[0];
}

function SpeechModel({ entry }: { entry: FolderModelEntry }) {
  const download = useDownloadsStore((state) => latestDownload(state.records, entry.ref));
  const start = useDownloadsStore((state) => state.start);
  const mayChange = useServerStore((state) => canChange(state.status));
  const isInstalled = entry.isInstalled || download?.state === 'completed';
  const isDownloading = download !== undefined && isActive(download);
  return (
    <li className="card" data-testid="speech-model" data-installed={isInstalled} data-ref={entry.ref}>
      <div>
        <strong>{entry.name}</strong> <span className="tag">speech to text</span>
        <div className="muted">
          about {formatBytes(entry.approxSizeBytes)} · {entry.description}
        </div>
        {isDownloading && <ProgressBar value={download.state === 'queued' || !download.totalBytes ? null : download.receivedBytes / download.totalBytes} label={`Download of ${entry.name}`} />}
      </div>
      <div className="card-actions">
        {isInstalled ? (
          <span className="badge badge-download-completed" data-testid="speech-model-installed">
            Installed
          </span>
        ) : (
          <button type="button" className="small primary" disabled={!mayChange || isDownloading} onClick={() => void start(entry.ref)} aria-label={`Download ${entry.name}`}>
            {isDownloading ? 'Downloading…' : 'Download'}
          </button>
        )}
      </div>
    </li>
  );
}

/** Whisper models for dictation and /v1/audio/transcriptions: downloaded through the same queue as GGUF models. */
export function SpeechModels() {
  const entries = useDiscoverStore((state) => state.folderModels);
  const usable = useServerStore((state) => isUsable(state.status));
  const mayChange = useServerStore((state) => canChange(state.status));
  const speech = entries.filter((entry) => entry.purpose === 'speech-to-text');
  useEffect(() => {
    if (usable && mayChange) void useDiscoverStore.getState().loadFolderModels();
  }, [usable, mayChange]);
  if (speech.length === 0) return null;
  return (
    <section aria-labelledby="speech-models-title" className="panel" data-testid="speech-models">
      <h2 id="speech-models-title">Speech to text</h2>
      <p className="muted">Whisper models for dictation in the chat and for /v1/audio/transcriptions, run offline on the CPU. Usable as soon as they are downloaded.</p>
      <ul className="card-list">
        {speech.map((entry) => (
          <SpeechModel key={entry.ref} entry={entry} />
        ))}
      </ul>
    </section>
  );
}
