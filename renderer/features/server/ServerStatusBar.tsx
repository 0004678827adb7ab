import { useServerStore } from './store.js';

const labels = { starting: 'Starting…', running: 'Running', stopped: 'Stopped', error: 'Not running' } as const;

/** The server's state and the URL other apps connect to. */
export function ServerStatusBar() {
  const status = useServerStore((state) => state.status);
  if (!status) return <div className="status" data-testid="server-status">Connecting…</div>;
  return (
    <div className={`status status-${status.state}`} data-testid="server-status" data-state={status.state}>
      <span className="status-dot" aria-hidden />
      <span>{labels[status.state]}</span>
      {status.url && <code className="status-url" data-testid="server-url">{status.url}</code>}
      {status.error && <span className="status-error" role="alert">{status.error}</span>}
    </div>
  );
}
