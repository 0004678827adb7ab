import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DiskFullError, isDiskFull } from './diskFull.js';

// What LanceDB 0.31 rejects with when a data file can't be written (measured under `ulimit -f`), and Node's own.
const lanceFileTooLarge = 'lance error: LanceError(IO): File too large (os error 27), /cargo/lance-file-8.0.0/src/writer.rs:389:9  Caused by: File too large (os error 27)';
const lanceNoSpace = 'Failed to execute merge insert: GenericFailure, lance error: LanceError(IO): No space left on device (os error 28)';

test('a full disk, a quota or a file-size limit is recognised from LanceDB words and Node codes', () => {
  assert.ok(isDiskFull(new Error(lanceFileTooLarge)));
  assert.ok(isDiskFull(new Error(lanceNoSpace)));
  assert.ok(isDiskFull(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })));
  assert.ok(isDiskFull(Object.assign(new Error('quota'), { code: 'EDQUOT' })));
  assert.ok(!isDiskFull(new Error('lance error: LanceError(IO): Permission denied (os error 13)')));
  assert.ok(!isDiskFull(new Error('table has 270 rows')), 'a number alone is not an OS error');
  assert.ok(!isDiskFull('No space left on device'), 'only errors');
});

test('the reason names the OS words, not the stack of the native writer', () => {
  const error = new DiskFullError(new Error(lanceNoSpace));
  assert.equal(error.status, 507);
  assert.equal(error.code, 'disk_full');
  assert.match(error.message, /^The disk has no room left for the datastore \(No space left on device\)\. What was indexed before stays searchable/);
  assert.doesNotMatch(error.message, /writer\.rs|cargo/);
  assert.match(new DiskFullError(Object.assign(new Error('x'), { code: 'ENOSPC' })).message, /\(ENOSPC\)/);
});
