import { readServerSentEvents } from '../../api/sse.js';
import { HearthError } from '../../errors.js';
import type { ServerStatus } from '../calls/server.js';
import { isIpcEventName, type IpcEventName, type IpcEvents } from '../events.js';
import { createHttpClient, type HttpCallsOptions } from './request.js';
import { probeServer } from './server.js';
import { toModelSummary } from './models.js';

export interface EventFeedOptions extends HttpCallsOptions {
  emit<E extends IpcEventName>(event: E, payload: IpcEvents[E]): void;
  /**
   * Whether the feed reports the server's status (the web UI, which only knows the server through it);
   * the desktop shell knows its server process first hand and leaves this off.
   */
  reportsStatus: boolean;
  /** Backoff between tries while the server is gone, in ms: doubles from min to max. */
  retryMs?: { min: number; max: number };
  /** Without a byte from the server for this long (it sends a ping every 15 s) the connection is taken for dead. */
  silenceMs?: number;
  /** Where a user key (no event feed) reads model states, every this many ms. */
  pollMs?: number;
}

export interface EventFeed {
  /** Tries at once, e.g. after a new key was saved or the server was seen to start. */
  reconnect(): void;
  stop(): void;
}

/** The server's live feed of every push event: admin only, so a user key falls back to polling. */
export const eventsPath = '/v1/admin/events';

/**
 * Keeps one connection to the server's event feed and relays each event; when the server goes away it
 * says so (the status), retries with backoff, and on reconnecting sends a fresh status so every store
 * reads its lists again. Plain fetch, not EventSource, since EventSource can't send an Authorization header.
 */
export function startEventFeed(options: EventFeedOptions): EventFeed {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const client = createHttpClient(options);
  const retry = options.retryMs ?? { min: 500, max: 10_000 };
  const silenceMs = options.silenceMs ?? 45_000;
  const pollMs = options.pollMs ?? 5_000;
  let stopped = false;
  let delay = retry.min;
  let wake: (() => void) | null = null;
  let current: AbortController | null = null;
  let lastStatus = '';
  // Bumped by reconnect(): what a try learned before it (a probe made with the old key, say) is stale.
  let generation = 0;

  const report = (status: ServerStatus, since: number) => {
    if (!options.reportsStatus || since !== generation) return;
    // Only changes: a status event makes every store read its lists again.
    const key = JSON.stringify({ ...status, restart: undefined });
    if (key === lastStatus) return;
    lastStatus = key;
    options.emit('server:onDidChangeStatus', status);
  };
  /** Resolves after ms, or at once on reconnect()/stop(); true when woken early. */
  const sleep = (ms: number) =>
    new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => finish(false), ms);
      function finish(woken: boolean) {
        clearTimeout(timer);
        wake = null;
        resolve(woken);
      }
      wake = () => finish(true);
    });
  const backOff = async () => {
    await sleep(delay);
    delay = Math.min(delay * 2, retry.max);
  };
  const baseUrl = () => {
    try {
      return options.baseUrl();
    } catch {
      return null;
    }
  };

  async function connectOnce(): Promise<void> {
    const since = generation;
    const url = baseUrl();
    if (url === null) return void (await sleep(delay));
    const controller = new AbortController();
    current = controller;
    let silence = setTimeout(() => controller.abort(), silenceMs);
    const alive = () => {
      clearTimeout(silence);
      silence = setTimeout(() => controller.abort(), silenceMs);
    };
    try {
      const headers: Record<string, string> = { accept: 'text/event-stream' };
      const key = options.apiKey();
      if (key) headers.authorization = `Bearer ${key}`;
      const response = await fetchFn(`${url}${eventsPath}`, { headers, signal: controller.signal });
      if (response.status === 401 || response.status === 403) {
        void response.body?.cancel();
        clearTimeout(silence);
        return await pollWithoutFeed(since);
      }
      if (response.status === 429) {
        // Over the key's rate limit: the server is there, so wait as told rather than call it lost.
        void response.body?.cancel();
        clearTimeout(silence);
        return void (await sleep((Number(response.headers.get('retry-after')) || 1) * 1000));
      }
      if (!response.ok || !response.body) throw new HearthError(response.status, 'server_error', `The event feed answered ${response.status}.`);
      report({ state: 'running', url, needsApiKey: false, role: 'admin' }, since);
      delay = retry.min;
      for await (const data of readServerSentEvents(response.body)) {
        alive();
        if (data === '[DONE]') break;
        const event = JSON.parse(data) as { type?: unknown; data?: unknown };
        if (isIpcEventName(event.type)) options.emit(event.type, event.data as never);
      }
      // The server ended the feed: it is stopping.
      throw new Error('feed ended');
    } catch {
      if (stopped) return;
      clearTimeout(silence);
      report({ state: 'error', url, error: `Lost the connection to Hearth at ${url}. Trying again…`, needsApiKey: false }, since);
      if (since === generation) await backOff();
    } finally {
      clearTimeout(silence);
      if (current === controller) current = null;
    }
  }

  /** A user key (or none) can't read the feed: model states by polling, and a status that says what the key may do. */
  async function pollWithoutFeed(since: number): Promise<void> {
    const status = await probeServer(client);
    // A key saved while the probe ran: its answer (say, "needs a key") is about the old one, so try again at once.
    if (since !== generation) return;
    report(status, since);
    if (status.state !== 'running') return backOff();
    delay = retry.min;
    // Without an accepted key there is nothing to poll: wait until a key is saved (reconnect) or a while.
    if (status.needsApiKey || status.role !== 'user') return void (await sleep(status.needsApiKey ? 60_000 : pollMs));
    while (!stopped) {
      const models = await client.list('/v1/models');
      options.emit('models:onDidChange', { models: models.map(toModelSummary), evicted: [] });
      // Woken by reconnect(): start over, since the key may have changed.
      if (await sleep(pollMs)) return;
    }
  }

  void (async () => {
    while (!stopped) await connectOnce();
  })();

  return {
    reconnect() {
      generation++;
      delay = retry.min;
      current?.abort();
      wake?.();
    },
    stop() {
      stopped = true;
      current?.abort();
      wake?.();
    },
  };
}
