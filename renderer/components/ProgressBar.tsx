/** A progress bar with its value for assistive tech; `value` null shows work of unknown length. */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  const percent = value === null ? null : Math.max(0, Math.min(100, Math.round(value * 100)));
  return (
    <div className={`progress${percent === null ? ' progress-indeterminate' : ''}`} role="progressbar" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent ?? undefined}>
      <div className="progress-fill" style={percent === null ? undefined : { transform: `scaleX(${percent / 100})` }} />
    </div>
  );
}
