import { useEffect } from 'react';
import { Link, useLocation } from 'wouter';
import { ErrorNote, InfoNote } from '../../components/Notes.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { Screen } from '../../components/Screen.js';
import { formatBytes, formatDuration, formatSpeed } from '../../lib/format.js';
import { useDownloadsStore } from '../downloads/store.js';
import { canChange, isUsable, useServerStore } from '../server/store.js';
import { useFirstRunStore } from './store.js';

/** First run: one model picked for this machine, downloaded and loaded with one click, then the chat. */
export function WelcomeScreen() {
  const usable = useServerStore((state) => isUsable(state.status));
  const mayChange = useServerStore((state) => canChange(state.status));
  const { machine, catalog, pick, step, error, downloadId } = useFirstRunStore();
  const record = useDownloadsStore((state) => (downloadId ? state.records[downloadId] : undefined));
  const [, navigate] = useLocation();
  useEffect(() => {
    if (usable && mayChange && catalog.length === 0) void useFirstRunStore.getState().prepare();
  }, [usable, mayChange, catalog.length]);
  useEffect(() => {
    if (step === 'done') navigate('/chat');
  }, [step, navigate]);
  const chat = catalog.filter((entry) => entry.purpose === 'chat');
  const busy = step === 'downloading' || step === 'loading';
  return (
    <Screen title="Welcome to Hearth" testId="welcome-screen">
      {!mayChange && <InfoNote>Setting Hearth up needs an admin key.</InfoNote>}
      <p className="lead">Hearth runs language models on this machine and serves them to your other apps. Start with a model sized for it:</p>
      {machine && (
        <p className="muted">
          This machine: {formatBytes(machine.memoryTotalBytes)} of memory, {machine.cpuCores} cores{machine.gpu ? `, ${machine.gpu.devices.join(', ')} (${formatBytes(machine.gpu.vramTotalBytes)})` : ', no GPU in use'}.
        </p>
      )}
      {chat.length > 0 && (
        <fieldset className="picks" disabled={busy || !mayChange}>
          <legend className="visually-hidden">Model to start with</legend>
          {chat.map((entry) => (
            <label key={entry.ref} className={`pick${pick?.ref === entry.ref ? ' chosen' : ''}`} data-testid="first-run-pick">
              <input type="radio" name="first-model" checked={pick?.ref === entry.ref} onChange={() => useFirstRunStore.getState().choose(entry)} />
              <span>
                <strong>{entry.name}</strong> · about {formatBytes(entry.approxSizeBytes)}
                <span className="muted block">{entry.description}</span>
              </span>
            </label>
          ))}
        </fieldset>
      )}
      {step === 'downloading' && record && (
        <div className="panel" role="status">
          <ProgressBar value={record.totalBytes ? record.receivedBytes / record.totalBytes : null} label="Download" />
          <p className="muted">
            Downloading {record.modelId}: {formatBytes(record.receivedBytes)}
            {record.totalBytes ? ` of ${formatBytes(record.totalBytes)}` : ''} · {formatSpeed(record.bytesPerSecond)}
            {record.etaSeconds !== null && ` · ${formatDuration(record.etaSeconds)} left`}
          </p>
        </div>
      )}
      {step === 'loading' && <InfoNote>Loading the model into memory…</InfoNote>}
      <ErrorNote onRetry={() => void useFirstRunStore.getState().start()}>{error}</ErrorNote>
      <div className="form-actions start">
        <button type="button" className="primary" disabled={!pick || busy || !mayChange} onClick={() => void useFirstRunStore.getState().start()} data-testid="first-run-start">
          {busy ? 'Setting up…' : pick ? `Download and load ${pick.name}` : 'Download and load'}
        </button>
        <Link href="/discover">Or browse all models</Link>
      </div>
    </Screen>
  );
}
