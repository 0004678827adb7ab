import { Link } from 'wouter';
import { formatPercent } from '../../components/ProgressBar.js';
import { formatBytes } from '../../lib/format.js';
import { isActive, useDownloadsStore } from './store.js';

/** Downloads in flight stay visible on every screen; a click opens them. */
export function DownloadsIndicator() {
  const records = useDownloadsStore((state) => state.records);
  const active = Object.values(records).filter(isActive);
  if (active.length === 0) return null;
  const received = active.reduce((sum, record) => sum + record.receivedBytes, 0);
  const total = active.every((record) => record.totalBytes !== null) ? active.reduce((sum, record) => sum + (record.totalBytes ?? 0), 0) : null;
  return (
    <Link href="/discover" className="downloads-indicator" data-testid="downloads-indicator">
      ↓ {active.length} download{active.length > 1 ? 's' : ''} · {total ? formatPercent(received / total) : formatBytes(received)}
    </Link>
  );
}
