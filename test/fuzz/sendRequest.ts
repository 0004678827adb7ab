import http from 'node:http';
import { encodePathPart } from './hostileInputs.js';
import type { FuzzRequest } from './mutate.js';

/** The longest any request may take; the suite fails a request that runs past it. */
export const requestLimitMs = 30_000;

export interface Outcome {
  /** null when no response came (the connection failed or was cut). */
  status: number | null;
  headers: http.IncomingHttpHeaders;
  /** The body as text, its first 256 KB. */
  body: string;
  ms: number;
  error?: string;
  /** The request ran past requestLimitMs and was cut. */
  timedOut?: boolean;
  /** We hung up on purpose (hangUpAfterMs, or an endless stream read for a moment). */
  hungUp?: boolean;
}

/** Ids the warm-up created, put where a request names {datastore}, {document} or {job}. */
export type Placeholders = Record<string, string>;

export function fillPlaceholders(path: string, ids: Placeholders): string {
  return path.replace(/\{(\w+)\}/g, (match, name: string) => ids[name] ?? match);
}

const keptBodyBytes = 256 * 1024;

/**
 * Sends one request through node:http, which sends what fetch would refuse or fix (any method, a
 * chosen Host, broken bytes), and reads the answer whole; an endless stream is read for a moment, then cut.
 */
export function sendRequest(baseUrl: string, request: FuzzRequest, ids: Placeholders, agent: http.Agent): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const chunks: Buffer[] = [];
    let kept = 0;
    const timers: NodeJS.Timeout[] = [];
    const finish = (outcome: Omit<Outcome, 'ms' | 'body'>) => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      resolve({ ...outcome, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started });
    };
    const headers = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(request.body.length);
    const { hostname, port } = new URL(baseUrl);
    // The path goes as written: a URL object would resolve its '..' and '%2e%2e' segments before sending.
    const path = fillPlaceholders(request.path, ids).replace(/[^\u0021-\u007e]/gu, (char) => encodePathPart(char));
    let answer: http.IncomingMessage | undefined;
    let outgoing: http.ClientRequest;
    try {
      outgoing = http.request({ hostname, port, path, method: request.method, headers, agent }, (response) => {
        answer = response;
        const done = (extra: Partial<Outcome> = {}) => finish({ status: response.statusCode ?? null, headers: response.headers, ...extra });
        const hangUp = () => {
          done({ hungUp: true });
          outgoing.destroy();
        };
        response.on('data', (chunk: Buffer) => {
          if (kept < keptBodyBytes) {
            chunks.push(chunk);
            kept += chunk.length;
          }
          if (request.endless) hangUp();
        });
        response.on('end', () => done());
        response.on('error', (error) => done({ error: error.message }));
        response.on('close', () => done(response.complete ? {} : { error: 'the response was cut short' }));
        if (request.endless) timers.push(setTimeout(hangUp, 500));
      });
    } catch (error) {
      // A request node:http refuses to send is a mistake of the generator, not of the server.
      finish({ status: null, headers: {}, error: `the client could not send it: ${(error as Error).message}` });
      return;
    }
    if (request.hangUpAfterMs !== undefined) {
      timers.push(
        setTimeout(() => {
          finish({ status: answer?.statusCode ?? null, headers: answer?.headers ?? {}, hungUp: true });
          outgoing.destroy();
        }, request.hangUpAfterMs),
      );
    }
    timers.push(
      setTimeout(() => {
        finish({ status: null, headers: {}, timedOut: true, error: `no complete answer in ${requestLimitMs} ms` });
        outgoing.destroy();
      }, requestLimitMs),
    );
    outgoing.on('error', (error) => finish({ status: null, headers: {}, error: `${(error as NodeJS.ErrnoException).code ?? ''} ${error.message}`.trim() }));
    outgoing.end(request.body);
  });
}
