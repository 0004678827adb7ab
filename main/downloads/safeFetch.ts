import { UpstreamError } from '../../common/downloads.js';
import { InvalidRequestError } from '../../common/errors.js';

/** Where downloads may go and who gets the Hugging Face token. */
export interface FetchPolicy {
  hfEndpoint: string;
  hfToken?: string | undefined;
}

/** https anywhere; plain http only to the configured endpoint (a local mirror), never another scheme. */
export function isAllowedUrl(url: URL, policy: FetchPolicy): boolean {
  if (url.username || url.password) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && url.origin === new URL(policy.hfEndpoint).origin;
}

export interface SafeFetchInit {
  method?: 'GET' | 'HEAD';
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * 'relative' follows only relative redirects (a renamed repo) and returns the
   * first absolute one, as huggingface_hub's HEAD does, to read its X-Linked-*
   * headers; its target is still checked. Default 'follow'.
   */
  redirects?: 'follow' | 'relative';
  /** Sees each redirect that is followed, with the URL that answered it (the hub's carries X-Linked-* headers). */
  onRedirect?(response: Response, from: URL): void;
}

/** A redirect chain longer than maxRedirects: a loop, or a server not worth following. */
export class TooManyRedirectsError extends UpstreamError {
  constructor(url: string) {
    super(`Too many redirects (more than ${maxRedirects}) from ${url}; the server is probably redirecting in a loop.`, { code: 'too_many_redirects' });
  }
}

/** The server's TLS certificate is not trusted here: the same on every try, so no retries. */
export class UntrustedCertificateError extends UpstreamError {
  constructor(origin: string, reason: string, cause: unknown) {
    super(`The TLS certificate of ${origin} is not trusted: ${reason}. If your network uses its own certificate authority, point NODE_EXTRA_CA_CERTS at its certificate.`, { code: 'untrusted_certificate', cause });
  }
}

/** Node's codes for a certificate that fails verification (tls and undici pass them on in `cause.code`). */
const certificateCodes = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/;

const maxRedirects = 10;
const isAbsolute = (location: string) => /^[a-z][a-z0-9+.-]*:|^\/\//i.test(location);
// Signed CDN URLs carry credentials in the query; messages show the rest.
const shown = (url: URL) => `${url.protocol}//${url.host}${url.pathname}`;

/**
 * fetch that follows redirects by hand so every hop is checked against the
 * policy. The token goes only to the endpoint, and across relative redirects
 * (a renamed repo); Hugging Face sends file bytes through an absolute redirect
 * to a signed CDN URL that must not see it, as huggingface_hub also does.
 */
export async function safeFetch(url: string, init: SafeFetchInit, policy: FetchPolicy): Promise<Response> {
  let current = new URL(url);
  let mayCarryToken = true;
  for (let hop = 0; hop <= maxRedirects; hop++) {
    assertAllowed(current, policy, hop > 0);
    const headers: Record<string, string> = { 'User-Agent': 'hearth', ...init.headers };
    if (policy.hfToken && mayCarryToken && current.origin === new URL(policy.hfEndpoint).origin) headers.Authorization = `Bearer ${policy.hfToken}`;
    let response: Response;
    try {
      response = await fetch(current, { method: init.method ?? 'GET', headers, signal: init.signal, redirect: 'manual' });
    } catch (error) {
      if (init.signal?.aborted) throw error;
      const cause = (error as Error).cause as { code?: string; message?: string } | undefined;
      if (cause?.code && certificateCodes.test(cause.code)) throw new UntrustedCertificateError(current.origin, cause.message ?? cause.code, error);
      throw new UpstreamError(`Could not reach ${current.origin}: ${(error as Error).cause ?? (error as Error).message}`, { code: 'network_error', cause: error });
    }
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return response;
    const next = new URL(location, current);
    if (init.redirects === 'relative' && isAbsolute(location)) {
      assertAllowed(next, policy, true);
      return response;
    }
    init.onRedirect?.(response, current);
    await response.body?.cancel();
    mayCarryToken &&= !isAbsolute(location);
    current = next;
  }
  throw new TooManyRedirectsError(url);
}

function assertAllowed(url: URL, policy: FetchPolicy, isRedirect: boolean): void {
  if (isAllowedUrl(url, policy)) return;
  const what = isRedirect ? `follow a redirect to ${shown(url)}` : `fetch ${shown(url)}`;
  throw new InvalidRequestError(`Refusing to ${what}: only https (or http to the configured Hugging Face endpoint) is allowed.`, { param: 'ref' });
}
