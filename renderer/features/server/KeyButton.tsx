import { ipc } from '../../ipc/client.js';
import { useServerStore } from './store.js';

/** Switch or forget the web UI's key; the desktop app needs none. */
export function KeyButton() {
  const role = useServerStore((state) => state.status?.role);
  const openKeyDialog = useServerStore((state) => state.openKeyDialog);
  const needsApiKey = useServerStore((state) => state.status?.needsApiKey ?? false);
  // With keys off the server takes everyone as admin and no key is saved: nothing to switch.
  if (ipc.isElectron || (role === 'admin' && !needsApiKey && !ipc.keys?.get())) return null;
  return (
    <button type="button" className="ghost small" onClick={openKeyDialog} data-testid="key-button" title="Switch or forget the API key this browser uses">
      {role === 'user' ? 'User key' : role === 'admin' && ipc.keys?.get() ? 'Admin key' : 'API key'}
    </button>
  );
}
