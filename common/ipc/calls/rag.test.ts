import { test } from 'node:test';
import assert from 'node:assert/strict';
import { droppedFileLimitBytes, ragCalls } from './rag.js';

const input = ragCalls['rag:addFileBytes'].input;

test('dropped files: bytes only as a Uint8Array, named, and capped in total', () => {
  assert.ok(input.safeParse({ datastoreId: 'd', files: [{ name: 'a.md', bytes: new Uint8Array([35, 32, 104]) }] }).success);
  assert.ok(input.safeParse({ datastoreId: 'd', files: [{ name: 'a.md', bytes: Buffer.from('# hi') }] }).success, 'what Electron hands main is a Uint8Array too');
  const refused = [
    { datastoreId: 'd', files: [] },
    { datastoreId: 'd', files: [{ name: 'a.md', bytes: [35, 32] }] },
    { datastoreId: 'd', files: [{ name: 'a.md', bytes: '# hi' }] },
    { datastoreId: 'd', files: [{ name: ' ', bytes: new Uint8Array(1) }] },
    { datastoreId: 'd', files: [{ name: 'a.md', bytes: new Uint8Array(1), path: '/etc/passwd' }] },
  ];
  for (const body of refused) assert.equal(input.safeParse(body).success, false, JSON.stringify(body));
  const half = new Uint8Array(droppedFileLimitBytes / 2 + 1);
  const tooMuch = input.safeParse({ datastoreId: 'd', files: [{ name: 'a.txt', bytes: half }, { name: 'b.txt', bytes: half }] });
  assert.equal(tooMuch.success, false);
  assert.match(tooMuch.error?.issues[0]?.message ?? '', /64 MB at a time; add larger ones with the file picker/);
});
