import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { GgufBytes, ggufType, tinyGguf } from '../../test/fixtures/ggufBytes.js';
import { GgufFormatError } from './GgufFormatError.js';
import { GgufArraySummary } from './ggufValues.js';
import { readGgufHeader } from './readGgufHeader.js';
import { readGgufStrings } from './readGgufStrings.js';

let dir: string;
let written = 0;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-gguf-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function file(bytes: Buffer): Promise<string> {
  const target = path.join(dir, `f${written++}.gguf`);
  await writeFile(target, bytes);
  return target;
}

async function refused(bytes: Buffer, reason: RegExp): Promise<void> {
  await assert.rejects(readGgufHeader(await file(bytes)), (error: Error) => {
    assert.ok(error instanceof GgufFormatError, `a GgufFormatError, not ${error.name}: ${error.message}`);
    assert.match(error.message, reason);
    return true;
  });
}

test('a small valid header: metadata, tensors, parameter count, data offset', async () => {
  const header = await readGgufHeader(await file(tinyGguf({ elements: 8 })), { tensors: true });
  assert.equal(header.version, 3);
  assert.equal(header.metadata.get('general.architecture'), 'llama');
  assert.equal(header.metadata.get('llama.context_length'), 256);
  assert.deepEqual(header.metadata.get('tokenizer.ggml.tokens'), ['<unk>', '<s>', '</s>']);
  assert.deepEqual(header.tensors, [{ name: 'token_embd.weight', dimensions: [8], ggmlType: 0, offset: 0 }]);
  assert.equal(header.parameterCount, 8);
  assert.equal(header.dataOffset % 32, 0);
  assert.equal(header.dataOffset + 32, header.fileSize);
});

test('version 2 has the same layout and is read', async () => {
  const bytes = new GgufBytes().header({ tensors: 0, keyValues: 1 }, 2).keyString('general.architecture', 'llama').build();
  assert.equal((await readGgufHeader(await file(bytes))).version, 2);
});

test('a header claiming 10^12 metadata entries (69 bytes) is refused before anything is allocated', async () => {
  const bytes = new GgufBytes().header({ tensors: 0, keyValues: 10n ** 12n }).raw(Buffer.alloc(45)).build();
  assert.equal(bytes.length, 69);
  await refused(bytes, /claims 1000000000000 metadata entries/);
});

test('more entries than the file can hold, under the cap, are refused as truncated', async () => {
  await refused(new GgufBytes().header({ tensors: 0, keyValues: 50_000 }).raw(Buffer.alloc(40)).build(), /truncated or corrupt/);
});

test('a huge tensor count is refused', async () => {
  await refused(new GgufBytes().header({ tensors: 2n ** 40n, keyValues: 0 }).build(), /tensors; Hearth reads at most/);
});

test('a string claiming 256 MiB in a 57-byte file is refused', async () => {
  const bytes = new GgufBytes().header({ tensors: 0, keyValues: 1 }).string('general.name').u32(ggufType.string).u64(256 * 1024 * 1024).raw('x').build();
  assert.equal(bytes.length, 57);
  await refused(bytes, /claims 268435456 bytes/);
  // Under the string cap, still more than the file holds.
  const short = new GgufBytes().header({ tensors: 0, keyValues: 1 }).string('a').u32(ggufType.string).u64(1000).raw('abc').build();
  await refused(short, /needs 1000 bytes at offset \d+ but the file ends 3 bytes later/);
});

test('a huge array length is refused, whether it is decoded or skipped', async () => {
  const claim = (key: string, itemType: number, length: bigint) => new GgufBytes().header({ tensors: 0, keyValues: 1 }).keyArray(key, itemType, length).raw(Buffer.alloc(16)).build();
  await refused(claim('tokenizer.ggml.tokens', ggufType.string, 2n ** 40n), /array elements; Hearth reads at most/);
  await refused(claim('some.list', ggufType.uint32, 1_000_000n), /1000000 elements.*truncated or corrupt/);
  await refused(claim('some.strings', ggufType.string, 3n), /3 elements.*truncated or corrupt/);
});

test('arrays nested past the depth limit are refused', async () => {
  const bytes = new GgufBytes().header({ tensors: 0, keyValues: 1 }).keyArray('deep', ggufType.array, 1);
  for (let i = 0; i < 8; i++) bytes.u32(ggufType.array).u64(1);
  await refused(bytes.u32(ggufType.uint8).u64(1).u8(0).build(), /nests arrays deeper than/);
});

test('wrong magic, version 1, an unknown version and big-endian files are refused clearly', async () => {
  await refused(Buffer.from('GGML\x03\x00\x00\x00' + '\x00'.repeat(32), 'latin1'), /not a GGUF file/);
  await refused(Buffer.from('<html>not a model</html>'), /not a GGUF file/);
  await refused(new GgufBytes().header({ tensors: 0, keyValues: 0 }, 1).build(), /version 1 is no longer supported/);
  await refused(new GgufBytes().header({ tensors: 0, keyValues: 0 }, 7).build(), /unknown GGUF version 7/);
  const bigEndian = new GgufBytes(true).raw('GGUF').u32(3).u64(0).u64(1).string('general.architecture').u32(ggufType.string).string('llama').build();
  await refused(bigEndian, /big-endian GGUF files are not supported/);
  await refused(Buffer.from('GGU'), /too short/);
});

test('a file cut short in its header or in its tensor data is refused as truncated', async () => {
  const whole = tinyGguf({ elements: 64 });
  await refused(whole.subarray(0, 60), /truncated|ended/);
  await refused(whole.subarray(0, whole.length - 4), /tensor data needs \d+ bytes but the file has \d+ \(truncated\)/);
});

test('a bad alignment, a duplicate key, a misaligned tensor and too many dimensions are refused', async () => {
  await refused(new GgufBytes().header({ tensors: 0, keyValues: 1 }).keyU32('general.alignment', 24).build(), /not a power of two/);
  await refused(new GgufBytes().header({ tensors: 0, keyValues: 1 }).keyString('general.alignment', '32').build(), /must be a uint32/);
  await refused(new GgufBytes().header({ tensors: 0, keyValues: 2 }).keyU32('a', 1).keyU32('a', 2).build(), /'a' appears twice/);
  const misaligned = new GgufBytes().header({ tensors: 1, keyValues: 0 }).tensorInfo('t', [4], 0, 4).pad().raw(Buffer.alloc(64)).build();
  await refused(misaligned, /not a multiple of the alignment/);
  const fiveDimensions = new GgufBytes().header({ tensors: 1, keyValues: 0 }).tensorInfo('t', [1, 1, 1, 1, 1], 0, 0).pad().raw(Buffer.alloc(32)).build();
  await refused(fiveDimensions, /5 dimensions/);
});

test('long arrays are summarized, not decoded, and their strings can be picked by index', async () => {
  const count = 200_000;
  const bytes = new GgufBytes().header({ tensors: 0, keyValues: 2 }).keyArray('tokenizer.ggml.tokens', ggufType.string, count);
  for (let i = 0; i < count; i++) bytes.string(`t${i}`);
  bytes.keyArray('tokenizer.ggml.scores', ggufType.float32, count).raw(Buffer.alloc(count * 4));
  const target = await file(bytes.build());
  const header = await readGgufHeader(target);
  const tokens = header.metadata.get('tokenizer.ggml.tokens');
  assert.ok(tokens instanceof GgufArraySummary);
  assert.equal(tokens.length, count);
  assert.ok(header.metadata.get('tokenizer.ggml.scores') instanceof GgufArraySummary);
  assert.deepEqual(await readGgufStrings(target, tokens, [0, 123_456, count - 1, count]), new Map([[0, 't0'], [123_456, 't123456'], [count - 1, `t${count - 1}`]]));
  // A key the caller names is summarized even when short.
  const small = await readGgufHeader(await file(tinyGguf()), { skipKeys: ['tokenizer.ggml.tokens'] });
  assert.ok(small.metadata.get('tokenizer.ggml.tokens') instanceof GgufArraySummary);
});

test('the event loop runs while a large header is read (bounded window reads)', async () => {
  // 4M empty strings: 32 MB of length prefixes to walk, 32 windows of 1 MiB.
  const count = 4 * 1024 * 1024;
  const bytes = new GgufBytes().header({ tensors: 0, keyValues: 1 }).keyArray('tokenizer.ggml.merges', ggufType.string, count).raw(Buffer.alloc(count * 8));
  const target = await file(bytes.build());
  let turns = 0;
  let reading = true;
  const spin = () => {
    turns++;
    if (reading) setImmediate(spin);
  };
  setImmediate(spin);
  const header = await readGgufHeader(target);
  reading = false;
  assert.equal((header.metadata.get('tokenizer.ggml.merges') as GgufArraySummary).length, count);
  assert.ok(turns >= 4, `the event loop turned ${turns} times during the read`);
});

test('limits: deadline, abort, header size and returned bytes', async () => {
  const target = await file(tinyGguf());
  await assert.rejects(readGgufHeader(target, { limits: { timeoutMs: -1 } }), /took too long/);
  await assert.rejects(readGgufHeader(target, { signal: AbortSignal.abort() }), { name: 'AbortError' });
  await assert.rejects(readGgufHeader(target, { limits: { maxHeaderBytes: 64 } }), /more header than Hearth reads/);
  await assert.rejects(readGgufHeader(target, { limits: { maxMaterializedBytes: 40 } }), /exceed 40 bytes/);
  await assert.rejects(readGgufHeader(dir), /not a regular file|EISDIR/);
});
