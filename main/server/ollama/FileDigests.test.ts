import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import type { ModelInfo } from '../../../common/models.js';
import type { Services } from '../../services.js';
import { FileDigests } from './FileDigests.js';
import { listOllamaModels } from './tags.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('FileDigests', () => {
  let dir: string;
  let model: string;
  let store: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-digests-'));
    model = path.join(dir, 'model.gguf');
    store = path.join(dir, 'model-digests.json');
    await writeFile(model, 'weights v1');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('the sha256 of the file in bare hex, kept in the data dir', async () => {
    assert.equal(await new FileDigests(store).get(model), sha256('weights v1'));
    const saved = JSON.parse(await readFile(store, 'utf8'));
    assert.equal(saved[model].sha256, sha256('weights v1'));
  });

  test('a new instance (a restart) takes the stored digest instead of reading the file again', async () => {
    await new FileDigests(store).get(model);
    // Tamper with the stored digest: only a reader of the store, not a hasher of the file, returns it.
    const saved = JSON.parse(await readFile(store, 'utf8'));
    saved[model].sha256 = 'a'.repeat(64);
    await writeFile(store, JSON.stringify(saved));
    assert.equal(await new FileDigests(store).get(model), 'a'.repeat(64));
  });

  test('a changed file (size or mtime) is hashed again', async () => {
    const digests = new FileDigests(store);
    await digests.get(model);
    await writeFile(model, 'weights version 2');
    assert.equal(await digests.get(model), sha256('weights version 2'));
    const later = new Date(Date.now() + 60_000);
    await utimes(model, later, later);
    await writeFile(store, JSON.stringify({ [model]: { version: 'stale', sha256: 'b'.repeat(64) } }));
    assert.equal(await new FileDigests(store).get(model), sha256('weights version 2'));
  });

  test('a digest a download verified is taken without reading the file, and kept', async () => {
    // Not the file's real sha256: only a reader of the verified digest returns it.
    const verified = async (file: string) => (file === model ? 'c'.repeat(64) : null);
    assert.equal(await new FileDigests(store, verified).get(model), 'c'.repeat(64));
    assert.equal(await new FileDigests(store).get(model), 'c'.repeat(64), 'kept in the data dir');
    const other = path.join(dir, 'other.gguf');
    await writeFile(other, 'not downloaded');
    assert.equal(await new FileDigests(store, verified).get(other), sha256('not downloaded'), 'other files are hashed');
  });

  test('a damaged store is ignored; a missing file is an error that is not kept', async () => {
    await writeFile(store, '{not json');
    const digests = new FileDigests(store);
    assert.equal(await digests.get(model), sha256('weights v1'));
    const missing = path.join(dir, 'gone.gguf');
    await assert.rejects(digests.get(missing), { code: 'ENOENT' });
    await writeFile(missing, 'late');
    assert.equal(await digests.get(missing), sha256('late'));
  });
});

describe('a listing whose file is deleted before it is hashed', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-digests-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  test('getIfPresent is null for a file that is gone; get still fails', async () => {
    const digests = new FileDigests(null);
    const gone = path.join(dir, 'gone.gguf');
    assert.equal(await digests.getIfPresent(gone), null);
    await assert.rejects(digests.get(gone), { code: 'ENOENT' });
    await writeFile(gone, 'weights');
    assert.equal(await digests.getIfPresent(gone), sha256('weights'));
  });

  test('/api/tags and /ollama/v1/models leave out the model whose file went away, and list the rest', async () => {
    const kept = path.join(dir, 'kept.gguf');
    await writeFile(kept, 'weights');
    const info = (id: string, file: string) => ({ id, file, aliases: [], sizeBytes: 7, modifiedAt: 0, state: 'unloaded' }) as unknown as ModelInfo;
    // The engine listed both files; one was deleted before the listing hashed it (a concurrent DELETE /api/delete).
    const services = { engine: { listModels: async () => [info('kept', kept), info('deleted', path.join(dir, 'deleted.gguf'))] } } as unknown as Services;
    const models = await listOllamaModels(services, new FileDigests(null));
    assert.deepEqual(
      models.map((model) => [model.name, model.digest]),
      [['kept:latest', sha256('weights')]],
    );
  });
});
