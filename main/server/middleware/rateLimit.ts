import type { Context, Next } from 'koa';
import { RateLimitError } from '../../../common/errors.js';
import type { HearthSettings } from '../../../common/settings.js';
import type { RateLimiter } from '../../keys/RateLimiter.js';

export interface RateLimitOptions {
  limiter: RateLimiter;
  /** Read per request, so a settings change applies at once. */
  settings: () => HearthSettings['rateLimit'];
}

/** Requests that run a model and so hold one of the key's concurrent-generation slots until they finish. */
const generationPath = /^\/(?:(?:v1|api\/v1|ollama\/v1|lollms\/v1)\/(?:chat\/completions|completions|embeddings|responses|messages|long_context_process)|(?:ollama\/)?api\/(?:generate|chat|embed|embeddings)|generate(?:\/batch)?|chat)\/?$/i;

const adminReadPath = /^\/v1\/admin\//i;

/**
 * Per-key token bucket and concurrency cap, after auth. Requests without a key
 * (keys off) are not limited: every local app shares 127.0.0.1, so a per-address
 * bucket would throttle all of them together, and keys-off servers only listen on loopback.
 */
export function rateLimitMiddleware(options: RateLimitOptions) {
  return async function rateLimit(ctx: Context, next: Next): Promise<void> {
    const settings = options.settings();
    const auth = ctx.state.auth;
    if (!settings.enabled || !auth?.keyId) return next();
    // Admin reads (lists, statistics, the UI's event feed) serve the admin's own screens and run no model;
    // counting them would let a page reload or two lock the UI out. The stats middleware skips them alike.
    if (auth.role === 'admin' && ctx.method === 'GET' && adminReadPath.test(ctx.path)) return next();
    const own = auth.rateLimit ?? {};
    const result = options.limiter.take(auth.keyId, {
      requestsPerMinute: own.requestsPerMinute ?? settings.requestsPerMinute,
      burst: own.burst ?? settings.burst,
    });
    // OpenAI's header names, so clients that already back off on them work unchanged.
    ctx.set('x-ratelimit-limit-requests', String(result.limit));
    ctx.set('x-ratelimit-remaining-requests', String(result.remaining));
    ctx.set('x-ratelimit-reset-requests', formatDuration(result.resetMs));
    if (!result.allowed) {
      throw new RateLimitError(`Rate limit reached for this key: ${result.limit} requests per minute. Try again in ${result.retryAfterSeconds} s.`, result.retryAfterSeconds);
    }
    if (ctx.method === 'POST' && generationPath.test(ctx.path)) {
      const max = own.maxConcurrent ?? settings.maxConcurrentPerKey;
      const release = options.limiter.acquire(auth.keyId, max);
      if (!release) throw new RateLimitError(`This key already runs ${max} generations at once; wait for one to finish.`, 1);
      // 'close' fires once the response is fully sent or the client went away, streams included.
      ctx.res.once('close', release);
    }
    await next();
  };
}

/** Durations as OpenAI writes them in x-ratelimit-reset-*: `0s`, `1.5s`, `6m0s`. */
export function formatDuration(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10}s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes}m${Math.round((ms - minutes * 60_000) / 1000)}s`;
}
