import assert from 'node:assert/strict';
import { mkdtemp, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { GgufBytes, tinyGguf } from '../../test/fixtures/ggufBytes.js';
import { ggufHeadersRead, readModelFacts, UnreadableModelFileError } from './readModelFacts.js';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-facts-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const hostile = new GgufBytes().header({ tensors: 0, keyValues: 10n ** 12n }).raw(Buffer.alloc(45)).build();

test('facts are read once per file version, and read again when the file changes', async () => {
  const file = path.join(dir, 'tiny.gguf');
  await writeFile(file, tinyGguf({ name: 'first' }));
  const before = ggufHeadersRead();
  const [a, b] = await Promise.all([readModelFacts(file), readModelFacts(file)]);
  assert.equal(a, b, 'concurrent callers share one read');
  assert.equal((await readModelFacts(file)).name, 'first');
  assert.equal(ggufHeadersRead(), before + 1);
  assert.deepEqual(a.stopTokens, ['</s>']);
  assert.equal(a.parameterCount, 8);

  await writeFile(file, tinyGguf({ name: 'second' }));
  const later = new Date(Date.now() + 5000);
  await utimes(file, later, later);
  assert.equal((await readModelFacts(file)).name, 'second');
  assert.equal(ggufHeadersRead(), before + 2);
});

test('a refused header is kept as a failure: the second call reads nothing', async () => {
  const file = path.join(dir, 'hostile.gguf');
  await writeFile(file, hostile);
  const before = ggufHeadersRead();
  const first = await readModelFacts(file).catch((error: Error) => error);
  assert.ok(first instanceof UnreadableModelFileError);
  assert.match(first.message, /^unreadable model file: the header claims 1000000000000 metadata entries/);
  const second = await readModelFacts(file).catch((error: Error) => error);
  assert.equal(second, first);
  assert.equal(ggufHeadersRead(), before + 1);
});

test('a file that is gone rejects with its own error, which is not kept', async () => {
  await assert.rejects(readModelFacts(path.join(dir, 'missing.gguf')), { code: 'ENOENT' });
  await assert.rejects(readModelFacts(path.join(dir, 'missing.gguf')), { code: 'ENOENT' });
});

test('a split model: facts of the first part, tensors of all; a missing or broken part makes it unreadable', async () => {
  const first = path.join(dir, 'split-00001-of-00002.gguf');
  const second = path.join(dir, 'split-00002-of-00002.gguf');
  await writeFile(first, tinyGguf({ name: 'split', elements: 8 }));
  await assert.rejects(readModelFacts(first), /^UnreadableModelFileError: unreadable model file: part 2 of 2 \(split-00002-of-00002\.gguf\) is missing$/);
  await writeFile(second, new GgufBytes().header({ tensors: 1, keyValues: 0 }).tensorInfo('output.weight', [16, 2], 0, 0).pad().raw(Buffer.alloc(128)).build());
  const facts = await readModelFacts(first);
  assert.equal(facts.name, 'split');
  assert.equal(facts.parameterCount, 8 + 32);
  await unlink(second);
  await writeFile(second, hostile);
  await assert.rejects(readModelFacts(first), /unreadable model file: split-00002-of-00002\.gguf: the header claims/);
});
