import { useServerStore } from './store.js';
import { CopyButton } from '../../components/CopyButton.js';

const labels = { starting: 'Starting…', running: 'Running', stopped: 'Stopped', error: 'Not running' } as const;

/** The server's state and the URL other apps connect to, on every screen. */
export function StatusPill() {
  const status = useServerStore((state) => state.status);
  if (!status) {
    return (
      <div className="status" data-testid="server-status" role="status">
        Connecting…
      </div>
    );
  }
  return (
    <div className={`status status-${status.state}`} data-testid="server-status" data-state={status.state} role="status">
      <span className="status-dot" aria-hidden />
      <span>{labels[status.state]}</span>
      {status.url && (
        <>
          <code className="status-url" data-testid="server-url">
            {status.url}
          </code>
          <CopyButton text={status.url} label="Copy URL" />
        </>
      )}
    </div>
  );
}
