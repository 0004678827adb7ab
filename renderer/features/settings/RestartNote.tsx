import { ipc } from '../../ipc/client.js';
import { useServerStore } from '../server/store.js';
import { useSettingsStore } from './store.js';

/** One array for "none", since a selector that returns a new [] each time makes React re-render forever. */
const nothingPending: readonly string[] = [];

/** Saved changes that wait for a restart; the desktop app offers it, the web UI says where to do it. */
export function RestartNote() {
  const pending = useSettingsStore((state) => state.view?.restartRequired ?? nothingPending);
  const restart = useServerStore((state) => state.restart);
  const restartError = useServerStore((state) => state.restartError);
  if (pending.length === 0) return null;
  return (
    <div className="note note-warn" role="status" data-testid="restart-note">
      <span>
        Saved; {pending.join(', ')} take{pending.length === 1 ? 's' : ''} effect when the server restarts.
        {!ipc.isElectron && ' Restart `npm run serve` where it runs.'}
        {restartError && ` ${restartError}`}
      </span>
      {ipc.isElectron && (
        <button type="button" className="small primary" onClick={() => void restart()}>
          Restart now
        </button>
      )}
    </div>
  );
}
