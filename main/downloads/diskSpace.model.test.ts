import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { SettingsStore } from '../config/SettingsStore.js';
import { createLogger } from '../log.js';
import { ModelSources } from '../library/ModelSources.js';
import { DownloadManager } from './DownloadManager.js';
import { defaultDiskMarginBytes, readDiskSpace } from './diskSpace.js';
import { startHfMirror, type HfMirror } from '../../test/fixtures/hfMirror.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';

/** Large against the room the tests leave (1 MiB), so other writers on a shared disk can't make it fit. */
const bodyBytes = 24 * 1024 * 1024;
const roomBytes = 1024 * 1024;

describe('downloads and free disk space', { skip: missingTestModels([testModels.tiny]) }, () => {
  let mirror: HfMirror;
  const roots: string[] = [];
  before(async () => {
    mirror = await startHfMirror({ 'test/tiny-GGUF': { files: { 'stories260K-F32.gguf': testModelPath(testModels.tiny) } } });
    mirror.addPlainFile('unsized.gguf', Buffer.alloc(bodyBytes, 'gguf? '));
    mirror.setFault('/files/unsized.gguf', { omitContentLength: true });
  });
  after(async () => {
    await mirror.close();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  async function open(diskMarginBytes: number) {
    const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-disk-'));
    roots.push(root);
    const modelsDir = path.join(root, 'models');
    await mkdir(modelsDir, { recursive: true });
    const settings = await SettingsStore.open(path.join(root, 'data'), modelsDir, { hfEndpoint: mirror.url });
    const sources = await ModelSources.open(path.join(root, 'data'));
    const manager = await DownloadManager.open({ settings, logger: createLogger('silent'), sources, retryDelayMs: 20, progressIntervalMs: 0, diskMarginBytes });
    return { manager, modelsDir };
  }

  test('a download of unknown size stops before it eats into the free space kept, with the reason in its state', async () => {
    // The margin leaves 1 MiB to write: the test stands in for a nearly full disk without filling one.
    const { manager, modelsDir } = await open((await readDiskSpace(os.tmpdir())).freeBytes - roomBytes);
    const started = await manager.start(`${mirror.url}/files/unsized.gguf`);
    assert.equal(started.files[0]!.sizeBytes, null, 'the server named no size');
    await assert.rejects(manager.whenDone(started.id), { code: 'insufficient_disk_space' });
    const record = manager.get(started.id)!;
    assert.equal(record.state, 'failed');
    assert.match(record.error!.message, /^Not enough disk space: the download was stopped after/);
    assert.equal(record.error!.code, 'insufficient_disk_space');
    const part = await stat(path.join(modelsDir, 'unsized.gguf.part'));
    assert.ok(part.size <= 2 * roomBytes, `wrote ${part.size} bytes with ${roomBytes} to spare`);
    assert.ok(part.size < bodyBytes);
    await manager.dispose();
  });

  test('a download whose known size does not fit beside the margin is refused before any byte', async () => {
    const { manager, modelsDir } = await open((await readDiskSpace(os.tmpdir())).freeBytes - 100_000);
    const cdnBefore = mirror.requests.filter((r) => r.path.startsWith('/cdn/')).length;
    await assert.rejects(manager.start('hf:test/tiny-GGUF/stories260K-F32.gguf'), { status: 507, code: 'insufficient_disk_space', message: /needs 1\.2 MB; .* free in the models dir, and Hearth keeps/ });
    assert.equal(mirror.requests.filter((r) => r.path.startsWith('/cdn/')).length, cdnBefore, 'no byte was fetched');
    assert.deepEqual(manager.list(), []);
    assert.equal(await stat(path.join(modelsDir, 'stories260K-F32.gguf.part')).catch(() => null), null);
    await manager.dispose();
  });

  test('with room to spare, an unsized download completes', async () => {
    const { manager } = await open(0);
    mirror.addPlainFile('unsized-model.gguf', await readFile(testModelPath(testModels.tiny)));
    mirror.setFault('/files/unsized-model.gguf', { omitContentLength: true });
    const started = await manager.start(`${mirror.url}/files/unsized-model.gguf`);
    assert.equal((await manager.whenDone(started.id)).state, 'completed');
    await manager.dispose();
  });

  test('the default margin is 1 GiB or 5% of the disk, whichever is larger', async () => {
    assert.equal(defaultDiskMarginBytes({ freeBytes: 0, totalBytes: 10 * 1024 ** 3 }), 1024 ** 3);
    assert.equal(defaultDiskMarginBytes({ freeBytes: 0, totalBytes: 1000 * 1024 ** 3 }), 50 * 1024 ** 3);
    const space = await readDiskSpace(os.tmpdir());
    assert.ok(space.totalBytes >= space.freeBytes && space.freeBytes > 0);
  });
});
