import { HearthError } from '../../errors.js';
import { fromHttpError } from '../ipcError.js';

export interface HttpCallsOptions {
  /** The server's base URL, e.g. http://127.0.0.1:9642 or the page's own origin; may throw while there is none. */
  baseUrl: () => string;
  /** Sent as a Bearer token when present. */
  apiKey: () => string | null;
  fetch?: typeof fetch;
}

export interface RequestInit {
  method?: string;
  /** Sent as JSON; a FormData goes as multipart as it is. */
  body?: unknown;
  signal?: AbortSignal;
}

/** The one way calls reach the server: auth header, JSON, errors as HearthError with the server's status. */
export interface HttpClient {
  baseUrl(): string;
  /** Resolves with the response when its status is 2xx; rejects with a HearthError otherwise. */
  send(path: string, init?: RequestInit): Promise<Response>;
  json<T>(path: string, init?: RequestInit): Promise<T>;
  /** `GET path` answered with `{object: 'list', data}`: the data. */
  list<T>(path: string): Promise<T[]>;
}

/** Longest Retry-After a GET waits out by itself before the 429 is shown instead. */
const maxAutoRetrySeconds = 5;

/** The server is gone or never answered: said in words, never as a bare "Failed to fetch". */
export class ServerUnreachableError extends HearthError {
  constructor(url: string, cause?: unknown) {
    super(503, 'unavailable_error', `Hearth does not answer at ${url}. It may have stopped or be restarting.`, { code: 'server_unreachable', cause });
  }
}

/**
 * Reads already on their way, by URL and key, across every client in this process (the stores' and the event
 * feed's). A screen opening asks for what the app's frame and the stores ask for at the same moment (the status,
 * the models, the conversations): one request answers them all, each caller reading its own copy of the body,
 * so a page load stays within a user key's burst (10 by default).
 */
const inFlight = new Map<string, Promise<Response>>();

export function createHttpClient(options: HttpCallsOptions): HttpClient {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function send(path: string, init: RequestInit = {}, retried = false): Promise<Response> {
    const base = options.baseUrl();
    const headers: Record<string, string> = { accept: 'application/json' };
    const key = options.apiKey();
    if (key) headers.authorization = `Bearer ${key}`;
    const isForm = typeof FormData !== 'undefined' && init.body instanceof FormData;
    if (init.body !== undefined && !isForm) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetchFn(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers,
        body: init.body === undefined ? null : isForm ? (init.body as FormData) : JSON.stringify(init.body),
        signal: init.signal ?? null,
      });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      throw new ServerUnreachableError(base, error);
    }
    if (response.ok) return response;
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    // A screen opening reads a few lists at once; a short wait beats showing a rate-limit error for a read.
    if (response.status === 429 && !retried && (init.method ?? 'GET') === 'GET' && retryAfter !== undefined && retryAfter <= maxAutoRetrySeconds) {
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, retryAfter * 1000));
      return send(path, init, true);
    }
    throw fromHttpError(response.status, await response.json().catch(() => null), retryAfter);
  }

  function shared(path: string, init: RequestInit): Promise<Response> {
    if ((init.method ?? 'GET') !== 'GET' || init.body !== undefined || init.signal) return send(path, init);
    const key = `${options.baseUrl()}${path}\n${options.apiKey() ?? ''}`;
    let response = inFlight.get(key);
    if (!response) {
      response = send(path, init).finally(() => inFlight.delete(key));
      inFlight.set(key, response);
      // Every caller has its clone within the microtasks after the answer; then the original's own branch of
      // the body is let go, so it is not buffered for nobody.
      response.then((answer) => setTimeout(() => void answer.body?.cancel().catch(() => {}), 0), () => {});
    }
    return response.then((answer) => answer.clone());
  }

  return {
    baseUrl: () => options.baseUrl(),
    send: (path, init = {}) => shared(path, init),
    async json<T>(path: string, init: RequestInit = {}) {
      return (await (await shared(path, init)).json()) as T;
    },
    async list<T>(path: string) {
      const body = (await (await shared(path, {})).json()) as { data?: T[] };
      return body.data ?? [];
    },
  };
}

/** A path segment from an id: ids may hold `/` (org/name) or other characters a URL would misread. */
export const segment = encodeURIComponent;
