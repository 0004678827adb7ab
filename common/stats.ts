/** Usage counted over a set of requests (one model, or one key) since the server started. */
export interface UsageTotals {
  requests: number;
  /** Requests answered with a status of 400 or more. */
  errors: number;
  promptTokens: number;
  completionTokens: number;
  averageLatencyMs: number;
  /** Completion tokens per second of request time, over requests that generated tokens. */
  averageTokensPerSecond: number;
}

export interface ModelStats extends UsageTotals {
  model: string;
  /** The engine's state for the model: 'loaded', 'unloaded', …; 'unknown' when the model is gone. */
  state: string;
  loaded: boolean;
  /** Requests generating on the model now (slots taken); 0 when it is not loaded. */
  activeRequests: number;
  /** Requests waiting for one of its slots. */
  queuedRequests: number;
}

export interface KeyStats extends UsageTotals {
  keyId: string | null;
  alias: string | null;
}

export interface StatsReport {
  /** When counting began (server start), ISO 8601. */
  since: string;
  models: ModelStats[];
  keys: KeyStats[];
}

/** One finished API request as the admin request log shows it; prompt text only when logPrompts is on. */
export interface RequestRecord {
  time: string;
  requestId: string;
  method: string;
  route: string;
  status: number;
  durationMs: number;
  keyId: string | null;
  keyAlias: string | null;
  model: string | null;
  promptTokens: number;
  completionTokens: number;
  /** The error type when the request failed. */
  error: string | null;
  /** The request's prompt or messages, cut to a few KB; present only with the logPrompts setting. */
  prompt?: string;
}
