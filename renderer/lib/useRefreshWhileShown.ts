import { useEffect } from 'react';
import { isUsable, useServerStore } from '../features/server/store.js';

/**
 * Reads a screen's data when it shows and whenever the server becomes usable while it shows (a key
 * accepted, a reconnect): screens not open cost no requests, which a key's rate limit would count.
 */
export function useRefreshWhileShown(refresh: () => Promise<void> | void): void {
  const usable = useServerStore((state) => isUsable(state.status));
  const role = useServerStore((state) => state.status?.role);
  useEffect(() => {
    if (usable) void refresh();
  }, [usable, role, refresh]);
}
