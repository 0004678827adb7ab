/**
 * A fraction in percent, as precise as a person reads it: one decimal under 10 % (a crawling download shows 0.4,
 * not 0), whole numbers above (so the bar and its text change at most a few hundred times in a download); rounded
 * down, so 100 means done.
 */
function percentOf(fraction: number): number {
  const percent = Math.max(0, Math.min(100, fraction * 100));
  return percent < 10 ? Math.floor(percent * 10) / 10 : Math.floor(percent);
}

/** `0.4 %`, `42 %`: see percentOf. */
export function formatPercent(fraction: number): string {
  const percent = percentOf(fraction);
  return `${percent < 10 ? percent.toFixed(1) : percent}\u00a0%`;
}

/** A progress bar with its value for assistive tech; `value` null shows work of unknown length. */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const percent = value === null ? null : percentOf(value);
  return (
    <div
      className={`progress${percent === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent ?? undefined}
      aria-valuetext={value === null ? undefined : formatPercent(value)}
    >
      <div className="progress-fill" style={percent === null ? undefined : { transform: `scaleX(${percent / 100})` }} />
    </div>
  );
}
