import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import { resolveRagLocation } from './ragUri.js';

describe('ragUri', () => {
  const dataDir = path.resolve('/data/hearth');
  test('unset: <data>/datastores', () => {
    assert.deepEqual(resolveRagLocation(undefined, dataDir), { uri: path.join(dataDir, 'datastores'), localDir: path.join(dataDir, 'datastores') });
    assert.deepEqual(resolveRagLocation('  ', dataDir).localDir, path.join(dataDir, 'datastores'));
  });
  test('a folder (relative to the data folder) or a file:// URL is local', () => {
    assert.equal(resolveRagLocation('stores', dataDir).localDir, path.join(dataDir, 'stores'));
    assert.equal(resolveRagLocation(path.resolve('/mnt/big/rag'), dataDir).localDir, path.resolve('/mnt/big/rag'));
    if (process.platform !== 'win32') assert.equal(resolveRagLocation('file:///mnt/big/rag', dataDir).localDir, '/mnt/big/rag');
  });
  test('object storage is passed to LanceDB as given, with no local folder', () => {
    for (const uri of ['s3://bucket/hearth', 'gs://bucket/a/b', 'az://container/rag', 'S3://Bucket/x/']) {
      const location = resolveRagLocation(uri, dataDir);
      assert.equal(location.localDir, null);
      assert.match(location.uri, /^(s3|gs|az):\/\/[^/]+/);
      assert.ok(!location.uri.endsWith('/'));
    }
  });
  test('unknown schemes and missing buckets are refused with what to write', () => {
    assert.throws(() => resolveRagLocation('http://example.com/rag', dataDir), /unsupported scheme 'http'/);
    assert.throws(() => resolveRagLocation('s3://', dataDir), /names no bucket.*s3:\/\/BUCKET\/PATH/);
  });
});
