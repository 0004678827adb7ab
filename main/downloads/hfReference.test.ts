import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseModelReference, resolveUrl } from './hfReference.js';
import { safeModelFileName, modelIdOf, splitPartOf } from './modelFileName.js';

const endpoint = 'https://huggingface.co';

test('parses the hf: and hf.co forms', () => {
  assert.deepEqual(parseModelReference('hf:user/repo/model-Q4_K_M.gguf', endpoint), {
    kind: 'hf-file', repo: 'user/repo', revision: 'main', path: 'model-Q4_K_M.gguf',
  });
  assert.deepEqual(parseModelReference('hf.co/user/repo:Q4_K_M', endpoint), {
    kind: 'hf-quant', repo: 'user/repo', revision: 'main', quantization: 'Q4_K_M',
  });
  assert.deepEqual(parseModelReference('https://hf.co/user/Repo-GGUF', endpoint), {
    kind: 'hf-quant', repo: 'user/Repo-GGUF', revision: 'main', quantization: null,
  });
  assert.deepEqual(parseModelReference('hf:user/repo/Q4_K_M/m-00001-of-00002.gguf', endpoint), {
    kind: 'hf-file', repo: 'user/repo', revision: 'main', path: 'Q4_K_M/m-00001-of-00002.gguf',
  });
});

test('reads resolve and blob URLs on the hub and on the configured endpoint', () => {
  assert.deepEqual(parseModelReference('https://huggingface.co/u/r/resolve/v1.0/dir/a%20b.gguf', endpoint), {
    kind: 'hf-file', repo: 'u/r', revision: 'v1.0', path: 'dir/a b.gguf',
  });
  assert.deepEqual(parseModelReference('http://127.0.0.1:8000/u/r/blob/main/x.gguf', 'http://127.0.0.1:8000'), {
    kind: 'hf-file', repo: 'u/r', revision: 'main', path: 'x.gguf',
  });
  const other = parseModelReference('https://example.com/models/x.gguf', endpoint);
  assert.equal(other.kind, 'url');
});

test('refuses http elsewhere, other schemes, credentials and traversal', () => {
  for (const bad of [
    'http://example.com/x.gguf',
    'ftp://example.com/x.gguf',
    'file:///etc/passwd',
    'https://user:pw@example.com/x.gguf',
    'hf:user/repo/../../etc/x.gguf',
    'hf:user/repo//abs.gguf',
    'hf:../repo/x.gguf',
    'hf:user/repo/x.bin',
    'https://huggingface.co/u/r/resolve/main/..%2F..%2Fx.gguf',
    'hf:user',
    'not a ref',
  ]) {
    assert.throws(() => parseModelReference(bad, endpoint), { status: 400, param: 'ref' }, bad);
  }
});

test('file names are sanitized and split models share one id', () => {
  assert.equal(safeModelFileName('dir/My Model (v2).GGUF'), 'My_Model__v2_.gguf');
  assert.equal(safeModelFileName('.hidden.gguf'), 'hidden.gguf');
  assert.throws(() => safeModelFileName('../x.gguf'), { status: 400 });
  assert.throws(() => safeModelFileName('/etc/x.gguf'), { status: 400 });
  assert.throws(() => safeModelFileName('C:/x.gguf'), { status: 400 });
  assert.deepEqual(splitPartOf('m-Q4-00002-of-00003.gguf'), { part: 2, parts: 3, base: 'm-Q4' });
  assert.equal(modelIdOf('m-Q4-00001-of-00003.gguf'), 'm-Q4');
  assert.equal(modelIdOf('m-Q4.gguf'), 'm-Q4');
});

test('resolve URLs encode each segment', () => {
  assert.equal(resolveUrl('http://h:1/', 'u/r', 'main', 'a b/c.gguf'), 'http://h:1/u/r/resolve/main/a%20b/c.gguf');
});
