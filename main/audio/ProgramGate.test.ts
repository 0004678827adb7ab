import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbortedError, EngineBusyError } from '../../common/errors.js';
import { ProgramGate } from './ProgramGate.js';

test('the gate runs at most its limit, queues a few, refuses the rest with 503, and drops a waiter that left', async () => {
  const gate = new ProgramGate(1, 2, (active, waiting) => `busy with ${active}, ${waiting} waiting`);
  const releaseFirst = await gate.acquire();
  let secondRan = false;
  const second = gate.acquire().then((release) => {
    secondRan = true;
    return release;
  });
  const leaving = new AbortController();
  const third = gate.acquire(leaving.signal);
  await assert.rejects(gate.acquire(), (error: unknown) => error instanceof EngineBusyError && error.status === 503 && error.retryAfter! > 0 && error.message === 'busy with 1, 2 waiting');

  leaving.abort(new Error('client left'));
  await assert.rejects(third, AbortedError);
  // Its place in the queue is free again.
  const fourth = gate.acquire();
  assert.equal(secondRan, false);

  releaseFirst();
  releaseFirst(); // twice is once
  const releaseSecond = await second;
  assert.equal(secondRan, true);
  releaseSecond();
  (await fourth)();
  // All slots free: the next one runs at once.
  (await gate.acquire())();
});
