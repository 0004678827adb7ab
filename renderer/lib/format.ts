import { formatBytes as bytesText, formatCount as countText } from '../../common/format.js';

/** Sizes with one decimal in GB/MB/KB, as the design asks; a dash for what the server does not know. */
export function formatBytes(bytes: number | null | undefined): string {
  return bytes === null || bytes === undefined || !Number.isFinite(bytes) ? '—' : bytesText(bytes);
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** A duration in words a person reads at a glance: `45 s`, `3 min 5 s`, `2 h 10 min`. */
export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  return `${Math.floor(s / 3600)} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}

/** "2 min ago", "in 3 days"; the exact time goes in a title beside it. */
export function formatRelative(time: string | number | null | undefined, now = Date.now()): string {
  if (time === null || time === undefined) return 'never';
  const at = typeof time === 'number' ? time : Date.parse(time);
  if (!Number.isFinite(at)) return '—';
  const seconds = Math.round((at - now) / 1000);
  const abs = Math.abs(seconds);
  const [value, unit] =
    abs < 45 ? [0, 'now'] : abs < 3600 ? [Math.round(abs / 60), 'min'] : abs < 86_400 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86_400), abs < 172_800 ? 'day' : 'days'];
  if (unit === 'now') return 'just now';
  return seconds < 0 ? `${value} ${unit} ago` : `in ${value} ${unit}`;
}

export function formatExact(time: string | number | null | undefined): string {
  if (time === null || time === undefined) return '';
  const date = new Date(time);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

export function formatCount(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : countText(value);
}
