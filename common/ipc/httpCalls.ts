import { modelState } from '../models.js';
import { HearthError } from '../errors.js';
import { readServerSentEvents } from '../api/sse.js';
import { fromHttpError } from './ipcError.js';
import type { IpcHandlers, ModelSummary } from './contract.js';

export interface HttpCallsOptions {
  /** The server's base URL, e.g. http://127.0.0.1:9642 or the page's own origin; may throw while there is none. */
  baseUrl: () => string;
  /** Sent as a Bearer token when present. */
  apiKey: () => string | null;
  fetch?: typeof fetch;
}

/**
 * The IPC contract carried over the server's HTTP routes. The web UI calls these
 * directly; the Electron shell's handlers call the same ones against its server
 * process, so both UIs speak to one implementation.
 */
export function createHttpCalls(options: HttpCallsOptions): IpcHandlers {
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const inFlight = new Map<string, AbortController>();

  async function request(path: string, init: { method?: string; body?: unknown; signal?: AbortSignal } = {}): Promise<Response> {
    const headers: Record<string, string> = { accept: 'application/json' };
    const key = options.apiKey();
    if (key) headers.authorization = `Bearer ${key}`;
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetchFn(`${options.baseUrl()}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? null : JSON.stringify(init.body),
      signal: init.signal ?? null,
    });
    if (!response.ok) throw fromHttpError(response.status, await response.json().catch(() => null));
    return response;
  }

  return {
    async 'server:getStatus'() {
      try {
        await request('/health');
      } catch (error) {
        return { state: 'error', url: options.baseUrl(), error: `The server does not answer: ${(error as Error).message}`, needsApiKey: false };
      }
      // /health needs no key, so ask a keyed route whether ours is accepted.
      const needsApiKey = await request('/v1/models').then(
        () => false,
        (error: unknown) => error instanceof HearthError && error.status === 401,
      );
      return { state: 'running', url: options.baseUrl(), needsApiKey };
    },

    async 'models:list'() {
      const body = (await (await request('/v1/models')).json()) as { data?: unknown[] };
      return (body.data ?? []).map(toModelSummary);
    },

    // The model library's admin routes (issue 5); they need an admin key when keys are on.
    async 'models:load'({ id }) {
      await request(`/v1/admin/library/models/${encodeURIComponent(id)}/load`, { method: 'POST', body: {} });
      return {};
    },
    async 'models:unload'({ id }) {
      await request(`/v1/admin/library/models/${encodeURIComponent(id)}/unload`, { method: 'POST', body: {} });
      return {};
    },

    async 'chat:send'(input, { emit }) {
      const controller = new AbortController();
      inFlight.get(input.requestId)?.abort();
      inFlight.set(input.requestId, controller);
      let text = '';
      let finishReason: string | null = null;
      try {
        const response = await request('/v1/chat/completions', {
          method: 'POST',
          body: { model: input.model, messages: input.messages, stream: true, temperature: input.temperature, max_tokens: input.maxTokens },
          signal: controller.signal,
        });
        if (!response.body) throw new HearthError(502, 'server_error', 'The server sent no stream.');
        for await (const data of readServerSentEvents(response.body)) {
          if (data === '[DONE]') break;
          const chunk = JSON.parse(data) as StreamChunk;
          // Once streaming, the server reports a failure as a last event rather than a status.
          if (chunk.error) throw fromHttpError(500, chunk);
          const choice = chunk.choices?.[0];
          const delta = choice?.delta?.content;
          if (delta) {
            text += delta;
            emit('chat:onDidStream', { requestId: input.requestId, delta });
          }
          if (choice?.finish_reason) finishReason = choice.finish_reason;
        }
        return { text, finishReason };
      } catch (error) {
        if (controller.signal.aborted) return { text, finishReason: 'cancelled' };
        throw error;
      } finally {
        if (inFlight.get(input.requestId) === controller) inFlight.delete(input.requestId);
      }
    },

    async 'chat:cancel'({ requestId }) {
      const controller = inFlight.get(requestId);
      controller?.abort();
      return { cancelled: controller !== undefined };
    },
  };
}

interface StreamChunk {
  error?: unknown;
  choices?: { delta?: { content?: string | null }; finish_reason?: string | null }[];
}

/** Reads an entry of GET /v1/models, where Hearth's own fields (state among them) sit under `hearth`. */
export function toModelSummary(raw: unknown): ModelSummary {
  const entry = (raw ?? {}) as { id?: unknown; owned_by?: unknown; hearth?: { state?: unknown } };
  const state = modelState.safeParse(entry.hearth?.state);
  const summary: ModelSummary = { id: String(entry.id), state: state.success ? state.data : 'unloaded' };
  if (typeof entry.owned_by === 'string') summary.ownedBy = entry.owned_by;
  return summary;
}
