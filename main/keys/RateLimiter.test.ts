import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RateLimiter } from './RateLimiter.js';

describe('RateLimiter', () => {
  const limits = { requestsPerMinute: 60, burst: 10 };

  it('lets a burst through, refuses the next, and refills at the per-minute rate', () => {
    let now = 0;
    const limiter = new RateLimiter(() => now);
    for (let i = 0; i < 10; i++) assert.equal(limiter.take('k', limits).allowed, true, `request ${i + 1}`);
    const refused = limiter.take('k', limits);
    assert.equal(refused.allowed, false);
    assert.equal(refused.remaining, 0);
    assert.equal(refused.retryAfterSeconds, 1);
    assert.equal(refused.limit, 60);
    now += 1000;
    const again = limiter.take('k', limits);
    assert.equal(again.allowed, true);
    assert.equal(again.resetMs, 10_000);
  });

  it('keeps callers apart', () => {
    const limiter = new RateLimiter(() => 0);
    for (let i = 0; i < 10; i++) limiter.take('a', limits);
    assert.equal(limiter.take('a', limits).allowed, false);
    assert.equal(limiter.take('b', limits).allowed, true);
  });

  it('reports remaining requests and time to full', () => {
    const limiter = new RateLimiter(() => 0);
    const first = limiter.take('k', { requestsPerMinute: 30, burst: 5 });
    assert.equal(first.remaining, 4);
    assert.equal(first.resetMs, 2000);
  });

  it('caps concurrent slots and frees them once', () => {
    const limiter = new RateLimiter(() => 0);
    const one = limiter.acquire('k', 2);
    const two = limiter.acquire('k', 2);
    assert.ok(one && two);
    assert.equal(limiter.acquire('k', 2), null);
    one();
    one();
    assert.ok(limiter.acquire('k', 2));
    assert.equal(limiter.acquire('k', 2), null);
  });
});
