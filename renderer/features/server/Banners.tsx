import { useEffect, useState } from 'react';
import { useServerStore } from './store.js';

/**
 * What the whole app needs to know: the server is gone (and that Hearth keeps trying), or the key in use
 * may only read. Everything the user typed stays where it is; controls that need the server are disabled.
 */
export function Banners() {
  const status = useServerStore((state) => state.status);
  const openKeyDialog = useServerStore((state) => state.openKeyDialog);
  const [now, setNow] = useState(Date.now());
  const restartAt = status?.restart?.at;
  useEffect(() => {
    if (!restartAt) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [restartAt]);

  if (status && (status.state === 'error' || status.state === 'stopped')) {
    const seconds = restartAt ? Math.max(0, Math.ceil((restartAt - now) / 1000)) : null;
    return (
      <div className="banner banner-offline" role="alert" data-testid="offline-banner">
        <strong>Hearth's server is not reachable.</strong> {status.error ?? 'It stopped.'}
        {seconds !== null && <span> Next try in {seconds} s.</span>}
      </div>
    );
  }
  if (status?.state === 'running' && status.role === 'user') {
    return (
      <div className="banner banner-readonly" data-testid="readonly-banner">
        <span>
          <strong>Read-only:</strong> this browser uses a user key, which may chat and read but not change models, keys or settings.
        </span>
        <button type="button" className="small" onClick={openKeyDialog}>
          Use an admin key
        </button>
      </div>
    );
  }
  return null;
}
