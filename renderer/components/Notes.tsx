import { formatExact, formatRelative } from '../lib/format.js';
import type { ReactNode } from 'react';

/** A failure in words, announced to screen readers, with a retry when there is one. */
export function ErrorNote({ children, onRetry, testId }: { children: ReactNode; onRetry?: () => void; testId?: string }) {
  if (!children) return null;
  return (
    <div className="note note-error" role="alert" data-testid={testId}>
      <span>{children}</span>
      {onRetry && (
        <button type="button" className="small" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function InfoNote({ children, testId }: { children: ReactNode; testId?: string }) {
  return (
    <div className="note note-info" data-testid={testId}>
      {children}
    </div>
  );
}

/** What an empty screen says, with the button that does the next thing. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty-state">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** A time shown relative ("2 min ago") with the exact time on hover. */
export function Time({ value }: { value: string | number | null | undefined }) {
  return <time title={formatExact(value)}>{formatRelative(value)}</time>;
}
