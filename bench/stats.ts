export { median, percentile } from '../main/util/stats.js';

export const round = (value: number, digits = 1) => (Number.isFinite(value) ? Math.round(value * 10 ** digits) / 10 ** digits : NaN);
