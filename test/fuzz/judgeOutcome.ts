import type { FuzzRequest } from './mutate.js';
import { requestLimitMs, type Outcome } from './sendRequest.js';

/** Services Hearth lacks: 501 says so (LoLLMs' speech and images, Ollama's create and push). */
const notImplementedPath = /^\/(lollms\/v1\/(audio|images)\/|(ollama\/)?api\/(create|push)\/?$)/i;

/** Routes that reach the (local stand-in for) Hugging Face: its failures are 502. */
const upstreamPath = /^\/((ollama\/)?api\/pull|v1\/admin\/(downloads|library\/(search|repos))|models\/load)/i;

/** The methods the routers know; HTTP answers any other with 501 (RFC 9110 §9.1), in the family's shape. */
const knownMethods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Whether a 5xx is one the server means: not implemented, upstream failed, or busy with Retry-After. */
export function isMeant5xx(status: number, method: string, path: string, retryAfter: string | undefined): boolean {
  if (status === 501) return notImplementedPath.test(path) || !knownMethods.has(method.toUpperCase());
  if (status === 502) return upstreamPath.test(path);
  // Busy (slots and queue full, a model unloading) or not ready: a client is told when to retry.
  if (status === 503) return retryAfter !== undefined;
  return false;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is wrong with an answer, or undefined when nothing is: it came (the connection wasn't cut,
 * except for a body the server refused to read to the end), within the time limit, with no 5xx but
 * those meant, and an error answer is JSON, as every family writes its errors.
 */
export function judgeOutcome(request: FuzzRequest, outcome: Outcome, bodyLimitBytes: number): string | undefined {
  if (outcome.timedOut) return `no answer within ${requestLimitMs / 1000} s`;
  if (outcome.ms > requestLimitMs) return `took ${Math.round(outcome.ms)} ms`;
  const path = request.path.split('?')[0]!;
  if (outcome.hungUp && outcome.status === null) return undefined;
  if (outcome.status === null) {
    // A server may answer 413 and close before the client finished sending a body over the limit.
    const oversized = (request.body?.length ?? 0) > bodyLimitBytes || request.headers['content-encoding'] !== undefined;
    return oversized ? undefined : `no answer: ${outcome.error}`;
  }
  if (outcome.error && !outcome.hungUp) return `answer ${outcome.status} cut short: ${outcome.error}`;
  const retryAfter = outcome.headers['retry-after'] as string | undefined;
  if (outcome.status >= 500 && !isMeant5xx(outcome.status, request.method, path, retryAfter)) return `answered ${outcome.status}: ${outcome.body.slice(0, 500)}`;
  if (outcome.status >= 400 && request.method !== 'HEAD' && !isJson(outcome.body)) return `error ${outcome.status} is not JSON: ${outcome.body.slice(0, 300)}`;
  // Once a stream started, a failure is its last event: the generic message of a bug must not be one.
  if (outcome.status < 300 && /The server had an error while processing your request|"type":"server_error"/.test(outcome.body) && !upstreamPath.test(path)) {
    return `a stream ended in a server error: ${outcome.body.slice(-500)}`;
  }
  return undefined;
}

/** A failing request as printed: enough to send it again by hand. */
export function describeRequest(request: FuzzRequest, filledPath: string): string {
  const body = request.body === undefined ? '' : request.body.length > 600 ? `${request.body.subarray(0, 600).toString('utf8')}… (${request.body.length} bytes)` : request.body.toString('utf8');
  return `${request.family} [${request.label}] ${request.method} ${filledPath} ${JSON.stringify(request.headers)} ${JSON.stringify(body)}`;
}
