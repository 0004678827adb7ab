import { setTimeout as sleep } from 'node:timers/promises';
import { UpstreamError } from '../../common/downloads.js';
import { HearthError } from '../../common/errors.js';
import { checkStatus, normalizeEtag } from './HfClient.js';
import { discardPart, openPartFile, partSize } from './partFile.js';
import { safeFetch, TooManyRedirectsError, UntrustedCertificateError, type FetchPolicy } from './safeFetch.js';

export interface ResumableGetOptions {
  url: string;
  /** Bytes already here are kept and the rest is asked for with Range. */
  partFile: string;
  /** ETag or Last-Modified the bytes in partFile came with; sent as If-Range. */
  validator: string | null;
  expectedSize: number | null;
  policy: FetchPolicy;
  signal: AbortSignal;
  /** Called after each chunk is on disk with the part file's size. */
  onBytes(receivedBytes: number, totalBytes: number | null): void;
  /** Called with what each answer says about the bytes it sends. */
  onSource(source: RemoteSource): void;
  /** Awaited before each chunk is written at `position`; throwing stops the download (the disk space check). */
  beforeWrite?(bytes: number, position: number): Promise<void>;
  /** Tries in a row without a new byte before giving up; default 5. */
  maxAttempts?: number;
  /** First retry delay in ms, doubled each time; default 500. */
  retryDelayMs?: number;
}

/** What one answer says about the file it sends. */
export interface RemoteSource {
  /** ETag or Last-Modified, to send as If-Range next time. */
  validator: string | null;
  /** The whole file's size, when the answer says. */
  sizeBytes: number | null;
  /**
   * The sha256 the hub published (X-Linked-Etag on its redirect) for a body that
   * starts from byte 0, as after the file changed upstream; null otherwise.
   */
  sha256: string | null;
}

/**
 * Fetches a URL into a .part file and survives dropped connections: each try
 * asks only for the missing bytes with Range, and If-Range makes the server
 * send the whole file instead if it changed meanwhile.
 */
export async function resumableGet(options: ResumableGetOptions): Promise<{ sizeBytes: number }> {
  const maxAttempts = options.maxAttempts ?? 5;
  // Both change when the file changed upstream and is sent anew.
  const known = { validator: options.validator, sizeBytes: options.expectedSize };
  let failures = 0;
  for (;;) {
    const before = await partSize(options.partFile);
    try {
      const done = await fetchOnce(options, before, known);
      if (done !== null) return { sizeBytes: done };
    } catch (error) {
      if (options.signal.aborted) throw options.signal.reason ?? error;
      // A refusal, a redirect loop or an untrusted certificate answers the same on every try; a dropped link may not.
      const fatal = error instanceof HearthError && (!(error instanceof UpstreamError) || error instanceof TooManyRedirectsError || error instanceof UntrustedCertificateError);
      if (fatal) throw error;
      // Only tries that brought nothing new count: a flaky link that keeps moving never gives up.
      failures = (await partSize(options.partFile)) > before ? 1 : failures + 1;
      if (failures >= maxAttempts) throw error instanceof HearthError ? error : new UpstreamError(`Download of ${options.url} failed: ${(error as Error).message}`, { cause: error });
      await sleep((options.retryDelayMs ?? 500) * 2 ** (failures - 1), undefined, { signal: options.signal });
    }
  }
}

/** One request; the final size when the file is complete, null to go again. */
async function fetchOnce(options: ResumableGetOptions, offset: number, known: { validator: string | null; sizeBytes: number | null }): Promise<number | null> {
  const { sizeBytes: expectedSize, validator } = known;
  if (expectedSize !== null && offset === expectedSize) return offset;
  if (expectedSize !== null && offset > expectedSize) {
    await discardPart(options.partFile);
    offset = 0;
  }
  const headers: Record<string, string> = { 'Accept-Encoding': 'identity' };
  if (offset > 0) {
    headers.Range = `bytes=${offset}-`;
    if (validator) headers['If-Range'] = validator;
  }
  let linkedSha256: string | null = null;
  const onRedirect = (redirect: Response, from: URL) => {
    // Only the endpoint's own redirect speaks for the hub; a CDN's headers are not its word.
    const etag = redirect.headers.get('x-linked-etag');
    if (etag && from.origin === new URL(options.policy.hfEndpoint).origin) linkedSha256 = normalizeEtag(etag);
  };
  const response = await safeFetch(options.url, { headers, signal: options.signal, onRedirect }, options.policy);
  if (response.status === 416 && offset > 0) {
    await response.body?.cancel();
    const total = Number(/\/(\d+)$/.exec(response.headers.get('content-range') ?? '')?.[1]);
    if (total === offset) return offset;
    await discardPart(options.partFile);
    return null;
  }
  if (response.status >= 500 || response.status === 429) {
    await response.body?.cancel();
    throw new UpstreamError(`${new URL(options.url).host} answered ${response.status}.`);
  }
  await checkStatus(response, options.url);
  if (response.status !== 200 && response.status !== 206) {
    await response.body?.cancel();
    throw new UpstreamError(`Unexpected ${response.status} from ${new URL(options.url).host}.`);
  }

  let start = 0;
  let total: number | null = expectedSize;
  if (response.status === 206) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(response.headers.get('content-range') ?? '');
    if (!range || Number(range[1]) !== offset) {
      await response.body?.cancel();
      throw new UpstreamError(`The server sent the wrong range for ${options.url}.`);
    }
    start = offset;
    if (range[3] !== '*') total = Number(range[3]);
  } else {
    // 200: the server ignored Range or If-Range said the file changed; start over.
    const length = Number(response.headers.get('content-length'));
    if (Number.isFinite(length) && length > 0) total = length;
  }
  const etag = response.headers.get('etag');
  known.validator = etag && !etag.startsWith('W/') ? etag : (response.headers.get('last-modified') ?? null);
  known.sizeBytes = total;
  options.onSource({ validator: known.validator, sizeBytes: total, sha256: start === 0 ? linkedSha256 : null });

  const handle = await openPartFile(options.partFile, start);
  let position = start;
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      await options.beforeWrite?.(chunk.length, position);
      await handle.write(chunk, 0, chunk.length, position);
      position += chunk.length;
      options.onBytes(position, total);
    }
  } finally {
    await handle.close();
  }
  if (total !== null && position < total) throw new UpstreamError(`The connection closed after ${position} of ${total} bytes.`);
  return position;
}
