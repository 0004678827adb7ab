import { memo } from 'react';
import type { DownloadProgress } from '../../../common/downloads.js';
import { ErrorNote } from '../../components/Notes.js';
import { formatPercent, ProgressBar } from '../../components/ProgressBar.js';
import { formatBytes, formatDuration, formatSpeed } from '../../lib/format.js';
import { canChange, useServerStore } from '../server/store.js';
import { isActive, ordered, useDownloadsStore } from './store.js';

const stateWords: Record<DownloadProgress['state'], string> = {
  queued: 'Waiting',
  downloading: 'Downloading',
  verifying: 'Checking the file',
  completed: 'Done',
  failed: 'Failed',
  cancelled: 'Stopped',
};

/** One download; memoized, so a progress event re-renders its own row only. */
const DownloadItem = memo(function DownloadItem({ record }: { record: DownloadProgress }) {
  const { pause, resume, cancel } = useDownloadsStore.getState();
  const mayChange = useServerStore((state) => canChange(state.status));
  const fraction = record.totalBytes ? record.receivedBytes / record.totalBytes : null;
  const paused = record.state === 'cancelled' && record.receivedBytes > 0;
  return (
    <li className="download" data-testid="download" data-state={record.state} data-ref={record.ref}>
      <div className="download-head">
        <strong>{record.modelId}</strong>
        <span className={`badge badge-download-${record.state}`} data-testid="download-state">
          {paused ? 'Paused' : stateWords[record.state]}
        </span>
      </div>
      {(isActive(record) || paused) && <ProgressBar value={record.state === 'queued' ? null : fraction} label={`Download of ${record.modelId}`} />}
      <div className="download-facts" data-testid="download-facts">
        {(isActive(record) || paused) && fraction !== null && `${formatPercent(fraction)} · `}
        {formatBytes(record.receivedBytes)}
        {record.totalBytes !== null && ` of ${formatBytes(record.totalBytes)}`}
        {record.fileCount > 1 && isActive(record) && ` · ${record.filesDone} of ${record.fileCount} files`}
        {record.state === 'downloading' && ` · ${formatSpeed(record.bytesPerSecond)} · ${record.etaSeconds === null ? 'estimating…' : `${formatDuration(record.etaSeconds)} left`}`}
      </div>
      {record.state === 'failed' && record.error && (
        <ErrorNote onRetry={mayChange ? () => void resume(record.id) : undefined} testId="download-error">
          {record.error.message}
        </ErrorNote>
      )}
      {mayChange && (
        <div className="download-actions">
          {record.state === 'downloading' || record.state === 'queued' ? (
            <button type="button" className="small" onClick={() => void pause(record.id)} data-testid="download-pause">
              Pause
            </button>
          ) : null}
          {record.state === 'cancelled' && (
            <button type="button" className="small" onClick={() => void resume(record.id)} data-testid="download-resume">
              Resume
            </button>
          )}
          {(isActive(record) || paused) && (
            <button type="button" className="small ghost" onClick={() => void cancel(record.id)} data-testid="download-cancel">
              Cancel
            </button>
          )}
        </div>
      )}
    </li>
  );
});

/** Downloads in flight and recent ones; the server keeps the queue across restarts. */
export function DownloadList() {
  const records = useDownloadsStore((state) => state.records);
  const error = useDownloadsStore((state) => state.error);
  const list = ordered(records);
  return (
    <section className="panel" aria-labelledby="downloads-title" data-testid="downloads">
      <h2 id="downloads-title">Downloads</h2>
      <ErrorNote>{error}</ErrorNote>
      {list.length === 0 ? (
        <p className="muted">Nothing downloading. Pick a model from the catalog or a search result.</p>
      ) : (
        <ul className="download-list">
          {list.map((record) => (
            <DownloadItem key={record.id} record={record} />
          ))}
        </ul>
      )}
    </section>
  );
}
