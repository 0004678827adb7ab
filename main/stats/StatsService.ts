import { EventEmitter } from 'node:events';
import type { KeyStats, RequestRecord, UsageTotals } from '../../common/stats.js';

interface Totals {
  requests: number;
  errors: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
  /** Time spent in requests that produced completion tokens, for tokens per second. */
  generatingMs: number;
}

/**
 * Counts finished API requests per model and per key, and keeps the last
 * requests for the admin's request log. In memory: it starts again with the server.
 */
export class StatsService extends EventEmitter<{ record: [RequestRecord] }> {
  readonly since = new Date().toISOString();
  private readonly byModel = new Map<string, Totals>();
  private readonly byKey = new Map<string | null, Totals & { alias: string | null }>();
  private log: RequestRecord[] = [];

  /** @param logSize how many requests the log keeps (read on each record, so a settings change applies at once). */
  constructor(private readonly logSize: () => number) {
    super();
  }

  record(request: RequestRecord): void {
    if (request.model !== null) add(getOrCreate(this.byModel, request.model, zero), request);
    const key = getOrCreate(this.byKey, request.keyId, () => ({ ...zero(), alias: request.keyAlias }));
    key.alias = request.keyAlias ?? key.alias;
    add(key, request);

    this.log.push(request);
    const excess = this.log.length - this.logSize();
    if (excess > 0) this.log.splice(0, excess);
    // For the admin event feed's live request log.
    this.emit('record', request);
  }

  /** Per-model totals, keyed by model id. */
  models(): Map<string, UsageTotals> {
    return new Map([...this.byModel].map(([model, totals]) => [model, summarize(totals)]));
  }

  keys(): KeyStats[] {
    return [...this.byKey].map(([keyId, totals]) => ({ keyId, alias: totals.alias, ...summarize(totals) }));
  }

  /** The newest requests first. */
  recent(limit: number): RequestRecord[] {
    return this.log.slice(-limit).reverse();
  }
}

const zero = (): Totals => ({ requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, latencyMs: 0, generatingMs: 0 });

function getOrCreate<K, V>(map: Map<K, V>, key: K, create: () => V): V {
  let value = map.get(key);
  if (value === undefined) map.set(key, (value = create()));
  return value;
}

function add(totals: Totals, request: RequestRecord): void {
  totals.requests++;
  if (request.status >= 400) totals.errors++;
  totals.promptTokens += request.promptTokens;
  totals.completionTokens += request.completionTokens;
  totals.latencyMs += request.durationMs;
  if (request.completionTokens > 0) totals.generatingMs += request.durationMs;
}

function summarize(totals: Totals): UsageTotals {
  return {
    requests: totals.requests,
    errors: totals.errors,
    promptTokens: totals.promptTokens,
    completionTokens: totals.completionTokens,
    averageLatencyMs: totals.requests === 0 ? 0 : Math.round(totals.latencyMs / totals.requests),
    averageTokensPerSecond: totals.generatingMs === 0 ? 0 : Math.round((totals.completionTokens / totals.generatingMs) * 1000 * 10) / 10,
  };
}
