import { useState, type DragEvent } from 'react';
import { isJobFinished, type JobRecord } from '../../../common/rag.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { documentStatusText, jobFraction, jobSummary } from './model.js';
import { useDatastoresStore } from './store.js';

/** Whether a drag carries files (not text or a link dragged from the page). */
const hasFiles = (event: DragEvent) => [...event.dataTransfer.types].includes('Files');

/** Drop files or pick them; the area is also the one place that says what Hearth takes. */
export function DropZone({ datastoreId, disabled }: { datastoreId: string; disabled: boolean }) {
  const [isOver, setOver] = useState(false);
  const { addDroppedFiles, pickFiles } = useDatastoresStore.getState();
  return (
    <div
      className={`ds-drop${isOver ? ' ds-drop-over' : ''}${disabled ? ' ds-drop-disabled' : ''}`}
      data-testid="drop-zone"
      onDragOver={(event) => {
        if (disabled || !hasFiles(event)) return;
        // Without this the browser would open the file instead of dropping it here.
        event.preventDefault();
        event.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const files = [...event.dataTransfer.files];
        if (!disabled && files.length > 0) void addDroppedFiles(datastoreId, files);
      }}
    >
      <p>
        <strong>Drop files here</strong> or{' '}
        <button type="button" className="small" disabled={disabled} onClick={() => void pickFiles(datastoreId)} data-testid="add-files">
          Add files…
        </button>
      </p>
      <p className="hint">PDF, DOCX, HTML, Markdown, text, CSV or JSON. Scanned PDFs need OCR first: Hearth reads text, not pictures.</p>
    </div>
  );
}

function JobCard({ job }: { job: JobRecord }) {
  const { cancelJob, dismiss } = useDatastoresStore.getState();
  const isDone = isJobFinished(job);
  return (
    <li className="ds-job" data-testid="job" data-job-state={job.state} data-job-kind={job.kind}>
      <div className="ds-job-head">
        <span data-testid="job-summary" aria-live="polite">
          {jobSummary(job)}
        </span>
        {isDone ? (
          <button type="button" className="small ghost" onClick={() => dismiss({ jobId: job.id })} aria-label="Dismiss">
            ✕
          </button>
        ) : (
          <button type="button" className="small" onClick={() => void cancelJob(job.id)}>
            Cancel
          </button>
        )}
      </div>
      {!isDone && <ProgressBar value={jobFraction(job)} label={job.kind === 'reindex' ? 'Reindexing' : 'Adding documents'} />}
      {job.documents.length > 0 && (
        <ul className="ds-job-documents">
          {job.documents.map((document) => (
            <li key={document.id} data-testid="job-document" data-status={document.status}>
              <span className="ds-job-title">{document.title}</span>
              <span className={`badge ds-status-${document.status}`}>{documentStatusText(document.status, isDone ? undefined : job)}</span>
              {document.error && (
                <span className="ds-job-error" data-testid="job-document-error">
                  {document.error}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** Uploads in flight or refused, and this datastore's jobs with per-document progress. */
export function IngestProgress({ datastoreId }: { datastoreId: string }) {
  const uploads = useDatastoresStore((state) => state.uploads);
  const allJobs = useDatastoresStore((state) => state.jobs);
  const mine = uploads.filter((upload) => upload.datastoreId === datastoreId);
  const jobs = Object.values(allJobs)
    .filter((job) => job.datastoreId === datastoreId)
    .sort((a, b) => b.createdAt - a.createdAt);
  if (mine.length === 0 && jobs.length === 0) return null;
  const finished = jobs.filter(isJobFinished);
  const { dismiss } = useDatastoresStore.getState();
  return (
    <ul className="ds-jobs" aria-label="Uploads and jobs">
      {finished.length > 1 && (
        <li className="ds-jobs-head">
          <button type="button" className="small ghost" onClick={() => finished.forEach((job) => dismiss({ jobId: job.id }))}>
            Clear {finished.length} finished
          </button>
        </li>
      )}
      {mine.map((upload) => (
        <li key={`upload-${upload.id}`} className={`ds-job${upload.state === 'failed' ? ' ds-job-failed' : ''}`} data-testid="upload" data-state={upload.state}>
          <div className="ds-job-head">
            <span role={upload.state === 'failed' ? 'alert' : 'status'}>
              {upload.state === 'uploading' ? `Uploading ${upload.names.join(', ')}…` : upload.error}
            </span>
            {upload.state === 'failed' && (
              <button type="button" className="small ghost" onClick={() => useDatastoresStore.getState().dismiss({ uploadId: upload.id })} aria-label="Dismiss">
                ✕
              </button>
            )}
          </div>
          {upload.state === 'uploading' && <ProgressBar value={null} label={`Uploading ${upload.names.join(', ')}`} />}
        </li>
      ))}
      {jobs.map((job) => (
        <JobCard key={job.id} job={job} />
      ))}
    </ul>
  );
}
