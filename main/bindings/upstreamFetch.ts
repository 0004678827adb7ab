import type { BindingRecord } from '../../common/bindings.js';
import { AbortedError } from '../../common/errors.js';
import { timedOut, unreachable, upstreamHttpError } from './upstreamErrors.js';

export interface UpstreamCall {
  binding: BindingRecord;
  apiKey: string | null;
  signal?: AbortSignal;
}

/**
 * One request to an upstream. The binding's timeout covers the wait for the response's head only: a long
 * stream that has started keeps going, ended by the client's signal alone, which aborts the upstream
 * request at once (the upstream then frees its slot). Failures come back as HearthErrors naming the binding.
 */
export async function upstreamFetch(call: UpstreamCall, url: string, init: { method?: string; json?: unknown; form?: FormData }): Promise<Response> {
  const { binding, apiKey, signal } = call;
  const controller = new AbortController();
  const onAbort = () => controller.abort(signal?.reason);
  if (signal?.aborted) throw new AbortedError();
  signal?.addEventListener('abort', onAbort, { once: true });
  let timedOutNow = false;
  const timer = setTimeout(() => {
    timedOutNow = true;
    controller.abort();
  }, binding.timeoutMs);
  const headers: Record<string, string> = { accept: 'application/json, text/event-stream, application/x-ndjson' };
  if (apiKey) headers.authorization = `Bearer ${apiKey}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? (init.json !== undefined || init.form ? 'POST' : 'GET'),
      headers,
      body: init.form ?? (init.json === undefined ? null : JSON.stringify(init.json)),
      signal: controller.signal,
    });
  } catch (error) {
    signal?.removeEventListener('abort', onAbort);
    if (signal?.aborted) throw new AbortedError();
    throw timedOutNow ? timedOut(binding) : unreachable(binding, error);
  } finally {
    clearTimeout(timer);
  }
  // The listener stays while the body is read, so a client leaving mid-stream still aborts the upstream.
  if (!response.ok) {
    const error = await upstreamHttpError(binding, response);
    signal?.removeEventListener('abort', onAbort);
    throw error;
  }
  return response;
}

/** A path under the binding's base URL. */
export function upstreamUrl(binding: BindingRecord, path: string): string {
  return `${binding.baseUrl}${path}`;
}
