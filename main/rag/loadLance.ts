/**
 * The one place @lancedb/lancedb is imported. LanceDB sizes its CPU pool from LANCE_CPU_THREADS when
 * the native module is first loaded: with the default on a 2-core machine, building a full-text index
 * on ~100k rows hung at 0% CPU in 4 of 4 tries, and never with 4 threads. So the variable is set here,
 * before the first (dynamic) import, unless the user set it.
 */
type LanceModule = typeof import('@lancedb/lancedb');

let loading: Promise<LanceModule> | undefined;

export function loadLance(): Promise<LanceModule> {
  process.env.LANCE_CPU_THREADS ??= '4';
  loading ??= import('@lancedb/lancedb');
  return loading;
}
