import type { ReactNode } from 'react';

/** A screen's frame: its title (the heading screen readers jump to), actions, and a scrolling body. */
export function Screen({ title, actions, children, testId }: { title: string; actions?: ReactNode; children: ReactNode; testId: string }) {
  return (
    <section className="screen" data-testid={testId} aria-labelledby={`${testId}-title`}>
      <header className="screen-head">
        <h1 id={`${testId}-title`}>{title}</h1>
        {actions && <div className="screen-actions">{actions}</div>}
      </header>
      <div className="screen-body">{children}</div>
    </section>
  );
}
