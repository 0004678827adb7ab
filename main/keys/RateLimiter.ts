/** Limits for one caller: a token bucket refilled at requestsPerMinute, holding at most burst requests. */
export interface BucketLimits {
  requestsPerMinute: number;
  burst: number;
}

export interface TakeResult {
  allowed: boolean;
  /** Requests per minute, for x-ratelimit-limit-requests. */
  limit: number;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** Milliseconds until the bucket is full again. */
  resetMs: number;
  /** Seconds until one request fits again; 0 when allowed. */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  concurrent: number;
}

/** Buckets idle this long are full again and can be forgotten. */
const forgetAfterMs = 10 * 60_000;

/** Token buckets and concurrency counters per caller (a key id, or a client address when keys are off). */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();
  private lastSweep = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** Takes one request from the caller's bucket if one is there. */
  take(caller: string, limits: BucketLimits): TakeResult {
    const now = this.now();
    this.sweep(now);
    const bucket = this.bucket(caller, limits, now);
    const perMs = limits.requestsPerMinute / 60_000;
    const allowed = bucket.tokens >= 1;
    if (allowed) bucket.tokens -= 1;
    return {
      allowed,
      limit: limits.requestsPerMinute,
      remaining: Math.floor(bucket.tokens),
      resetMs: Math.ceil((limits.burst - bucket.tokens) / perMs),
      retryAfterSeconds: allowed ? 0 : Math.ceil((1 - bucket.tokens) / perMs / 1000),
    };
  }

  /**
   * Holds one of the caller's concurrent-generation slots; returns the release
   * function, or null when all `max` are taken.
   */
  acquire(caller: string, max: number): (() => void) | null {
    const bucket = this.buckets.get(caller) ?? this.fresh(caller, this.now());
    if (bucket.concurrent >= max) return null;
    bucket.concurrent++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      bucket.concurrent--;
    };
  }

  private bucket(caller: string, limits: BucketLimits, now: number): Bucket {
    const bucket = this.buckets.get(caller) ?? this.fresh(caller, now);
    const refill = ((now - bucket.updatedAt) * limits.requestsPerMinute) / 60_000;
    // Capping at burst also applies a lowered burst setting at once.
    bucket.tokens = Math.min(limits.burst, bucket.tokens + refill);
    bucket.updatedAt = now;
    return bucket;
  }

  private fresh(caller: string, now: number): Bucket {
    // A new caller starts full; Infinity is cut to the burst by the first take.
    const bucket: Bucket = { tokens: Number.POSITIVE_INFINITY, updatedAt: now, concurrent: 0 };
    this.buckets.set(caller, bucket);
    return bucket;
  }

  private sweep(now: number): void {
    if (now - this.lastSweep < forgetAfterMs) return;
    this.lastSweep = now;
    for (const [caller, bucket] of this.buckets) {
      if (bucket.concurrent === 0 && now - bucket.updatedAt > forgetAfterMs) this.buckets.delete(caller);
    }
  }
}
