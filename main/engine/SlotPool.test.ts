import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbortedError, EngineBusyError } from '../../common/errors.js';
import { SlotPool } from './SlotPool.js';

test('hands out the free slot that scores highest', async () => {
  const pool = new SlotPool(['a', 'b', 'c'], () => 0);
  const lease = await pool.acquire((slot) => (slot === 'b' ? 10 : 1));
  assert.equal(lease.slot, 'b');
  assert.equal(pool.active, 1);
});

test('among equal scores the slot first in the pool order wins, however the slots were freed', async () => {
  const pool = new SlotPool(['a', 'b', 'c'], () => 0);
  const leases = [await pool.acquire(() => 0), await pool.acquire(() => 0), await pool.acquire(() => 0)];
  assert.deepEqual(leases.map((lease) => lease.slot), ['a', 'b', 'c']);
  // Freed c, then a, then b: the free list now runs c, a, b.
  leases[2]!.release();
  leases[0]!.release();
  leases[1]!.release();
  assert.equal((await pool.acquire(() => 0)).slot, 'a');
  assert.equal((await pool.acquire(() => 0)).slot, 'b');
  assert.equal((await pool.acquire((slot) => (slot === 'c' ? 1 : 0))).slot, 'c');
});

test('queues past the slots, in order, and refuses past the queue with a retry hint', async () => {
  const pool = new SlotPool(['only'], () => 2);
  const first = await pool.acquire(() => 0);
  const order: string[] = [];
  const second = pool.acquire(() => 0).then((lease) => (order.push('second'), lease));
  const third = pool.acquire(() => 0).then((lease) => (order.push('third'), lease));
  assert.equal(pool.queued, 2);
  await assert.rejects(pool.acquire(() => 0), (error: unknown) => error instanceof EngineBusyError && error.status === 503 && error.retryAfter! > 0);
  first.release();
  (await second).release();
  (await third).release();
  assert.deepEqual(order, ['second', 'third']);
  assert.ok(pool.isIdle);
});

test('an aborted waiter leaves the queue and the slot goes to the next one', async () => {
  const pool = new SlotPool(['only'], () => 5);
  const held = await pool.acquire(() => 0);
  const controller = new AbortController();
  const aborted = pool.acquire(() => 0, controller.signal);
  const next = pool.acquire(() => 0);
  controller.abort();
  await assert.rejects(aborted, AbortedError);
  assert.equal(pool.queued, 1);
  held.release();
  assert.equal((await next).slot, 'only');
});

test('releasing twice frees the slot once', async () => {
  const pool = new SlotPool(['a', 'b'], () => 0);
  const lease = await pool.acquire(() => 0);
  lease.release();
  lease.release();
  assert.equal(pool.active, 0);
  await pool.acquire(() => 0);
  await pool.acquire(() => 0);
  await assert.rejects(pool.acquire(() => 0), EngineBusyError);
});
