import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readFile, readdir, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DownloadRecord } from '../../common/downloads.js';
import type { HearthSettings } from '../../common/settings.js';
import { SettingsStore } from '../config/SettingsStore.js';
import { createLogger } from '../log.js';
import { ModelSources } from '../library/ModelSources.js';
import { DownloadManager } from './DownloadManager.js';
import { sha256OfFile } from './verifyFile.js';
import { startHfMirror, type HfMirror } from '../../test/fixtures/hfMirror.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';

const skip = missingTestModels([testModels.tiny, testModels.chatml]);
const tinySize = 1185376;

describe('DownloadManager against the local Hugging Face mirror', { skip }, () => {
  let mirror: HfMirror;
  const roots: string[] = [];

  before(async () => {
    mirror = await startHfMirror({
      'test/tiny-GGUF': {
        files: {
          'stories260K-F32.gguf': testModelPath(testModels.tiny),
          'stories260K-Q8_0.gguf': testModelPath(testModels.chatml),
          'README.md': Buffer.from('# tiny\n'),
        },
        downloads: 10,
        renamedFrom: ['old-name/tiny-GGUF'],
      },
      'test/split-GGUF': {
        files: {
          'Q4_K_M/m-Q4_K_M-00001-of-00002.gguf': testModelPath(testModels.tiny),
          'Q4_K_M/m-Q4_K_M-00002-of-00002.gguf': testModelPath(testModels.chatml),
        },
      },
      'test/changing-GGUF': { files: { 'c-Q4_0.gguf': testModelPath(testModels.tiny) } },
      'test/gated-GGUF': { files: { 'g-Q4_0.gguf': testModelPath(testModels.tiny) }, gated: true },
    });
  });
  after(async () => {
    await mirror.close();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  async function open(settings: Partial<HearthSettings> = {}, dirs?: { dataDir: string; modelsDir: string }) {
    let d = dirs;
    if (!d) {
      const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-dl-'));
      roots.push(root);
      d = { dataDir: path.join(root, 'data'), modelsDir: path.join(root, 'models') };
      await import('node:fs/promises').then((fs) => fs.mkdir(d!.modelsDir, { recursive: true }));
    }
    const store = await SettingsStore.open(d.dataDir, d.modelsDir, { hfEndpoint: mirror.url, ...settings });
    const sources = await ModelSources.open(d.dataDir);
    const manager = await DownloadManager.open({ settings: store, logger: createLogger('silent'), sources, retryDelayMs: 20, progressIntervalMs: 0 });
    return { manager, sources, dataDir: d.dataDir, modelsDir: d.modelsDir };
  }

  const rangeStarts = (file: string) =>
    mirror.requests.filter((r) => r.path.includes(`/${encodeURIComponent(file)}`) && r.path.startsWith('/cdn/') && r.range).map((r) => Number(/bytes=(\d+)-/.exec(r.range!)![1]));

  test('hf.co/USER/REPO:QUANT downloads, verifies and records the sha256, with monotonic progress', async () => {
    const { manager, sources, modelsDir } = await open();
    const events: DownloadRecord[] = [];
    manager.on('progress', (r) => events.push(r));
    const started = await manager.start('hf.co/test/tiny-GGUF:Q8_0');
    assert.equal(started.modelId, 'stories260K-Q8_0');
    assert.equal(started.files[0]!.sha256, mirror.sha256Of('test/tiny-GGUF/stories260K-Q8_0.gguf'));
    const done = await manager.whenDone(started.id);
    assert.equal(done.state, 'completed');
    assert.equal(done.receivedBytes, 1185856);
    assert.deepEqual(await readdir(modelsDir), ['stories260K-Q8_0.gguf']);
    assert.equal((await sources.get('stories260K-Q8_0.gguf'))?.sha256, mirror.sha256Of('test/tiny-GGUF/stories260K-Q8_0.gguf'));

    const bytes = events.filter((e) => e.id === started.id).map((e) => e.receivedBytes);
    assert.ok(bytes.length > 2, 'several progress events');
    for (let i = 1; i < bytes.length; i++) assert.ok(bytes[i]! >= bytes[i - 1]!, 'progress never goes back');
    const last = events.at(-1)!;
    assert.equal(last.state, 'completed');
    assert.equal(last.receivedBytes, last.totalBytes);
    assert.equal(manager.list().length, 1);
    await manager.dispose();
  });

  test('progress carries a plausible speed in bytes/s and an ETA in seconds that ends at 0', async () => {
    const key = 'test/tiny-GGUF/stories260K-F32.gguf';
    const throttle = 1_000_000;
    mirror.setFault(key, { bytesPerSecond: throttle });
    const { manager } = await open();
    const events: DownloadRecord[] = [];
    manager.on('progress', (r) => events.push(r));
    const { id } = await manager.start('hf:test/tiny-GGUF/stories260K-F32.gguf');
    await manager.whenDone(id);
    mirror.setFault(key, undefined);

    for (const e of events) {
      assert.ok(Number.isFinite(e.bytesPerSecond) && e.bytesPerSecond >= 0, `speed ${e.bytesPerSecond}`);
      assert.ok(e.etaSeconds === null || (Number.isFinite(e.etaSeconds) && e.etaSeconds >= 0), `eta ${e.etaSeconds}`);
    }
    const moving = events.filter((e) => e.state === 'downloading' && e.bytesPerSecond > 0 && e.receivedBytes < e.totalBytes!);
    assert.ok(moving.length > 3, 'speed was reported while bytes moved');
    // Units: bytes per second near the throttle (not per ms), whole seconds left at that speed.
    const median = moving.map((e) => e.bytesPerSecond).sort((a, b) => a - b)[moving.length >> 1]!;
    assert.ok(median > throttle / 4 && median < throttle * 4, `median speed ${median} B/s for a ${throttle} B/s link`);
    for (const e of moving) assert.equal(e.etaSeconds, Math.ceil((e.totalBytes! - e.receivedBytes) / e.bytesPerSecond));
    assert.ok(moving[0]!.etaSeconds! >= 1, 'a second or more was left early on');
    const last = events.at(-1)!;
    assert.equal(last.state, 'completed');
    assert.ok(last.etaSeconds === 0 || last.etaSeconds === null, `eta at completion ${last.etaSeconds}`);
    assert.equal(manager.get(id)!.etaSeconds, last.etaSeconds);
    await manager.dispose();
  });

  test('a connection dropped halfway resumes with Range and fetches the file about once', async () => {
    const key = 'test/tiny-GGUF/stories260K-F32.gguf';
    const servedBefore = mirror.bytesServed(key);
    mirror.setFault(key, { dropAfterBytes: Math.floor(tinySize / 2), dropTimes: 1 });
    const { manager, modelsDir } = await open();
    const { id } = await manager.start('hf:test/tiny-GGUF/stories260K-F32.gguf');
    const done = await manager.whenDone(id);
    mirror.setFault(key, undefined);
    assert.equal(done.state, 'completed');
    const served = mirror.bytesServed(key) - servedBefore;
    assert.ok(served >= tinySize && served < tinySize * 1.1, `served ${served} bytes for a ${tinySize}-byte file`);
    assert.ok(rangeStarts('stories260K-F32.gguf').some((start) => start > 0), 'resumed with a Range request');
    assert.equal((await stat(path.join(modelsDir, 'stories260K-F32.gguf'))).size, tinySize);
    await manager.dispose();
  });

  test('stopping the app mid-download and starting again resumes from the .part', async () => {
    const key = 'test/tiny-GGUF/stories260K-F32.gguf';
    mirror.setFault(key, { bytesPerSecond: 400_000 });
    const first = await open();
    const { id } = await first.manager.start('https://huggingface.co/test/tiny-GGUF/resolve/main/stories260K-F32.gguf');
    await new Promise<void>((resolve) => first.manager.on('progress', (r) => r.receivedBytes > 300_000 && resolve()));
    await first.manager.dispose();
    const partSize = (await stat(path.join(first.modelsDir, 'stories260K-F32.gguf.part'))).size;
    assert.ok(partSize > 0 && partSize < tinySize);
    assert.ok(!existsSync(path.join(first.modelsDir, 'stories260K-F32.gguf')));

    mirror.setFault(key, undefined);
    const servedBefore = mirror.bytesServed(key);
    const second = await open({}, first);
    assert.ok(['queued', 'downloading'].includes(second.manager.get(id)!.state), 'picked up from the saved queue');
    const done = await second.manager.whenDone(id);
    assert.equal(done.state, 'completed');
    assert.ok(rangeStarts('stories260K-F32.gguf').includes(partSize), 'asked for the rest only');
    assert.equal(mirror.bytesServed(key) - servedBefore, tinySize - partSize);
    await second.manager.dispose();
  });

  test('a file replaced upstream between tries is fetched anew from byte 0, not appended, and verifies', async () => {
    const key = 'test/changing-GGUF/c-Q4_0.gguf';
    const oldSha = mirror.sha256Of(key);
    const newBody = await readFile(testModelPath(testModels.chatml));
    const half = Math.floor(tinySize / 2);
    // The upload lands while the client is cut off, so its retry meets the new ETag.
    mirror.setFault(key, { dropAfterBytes: half, afterDrop: () => mirror.replaceFile(key, newBody) });
    const { manager, sources, modelsDir } = await open();
    const requestsBefore = mirror.requests.length;
    const started = await manager.start('hf:test/changing-GGUF/c-Q4_0.gguf');
    assert.equal(started.files[0]!.sha256, oldSha);
    const done = await manager.whenDone(started.id);
    mirror.setFault(key, undefined);
    const newSha = mirror.sha256Of(key);
    assert.notEqual(newSha, oldSha);

    assert.equal(done.state, 'completed');
    assert.equal(done.receivedBytes, newBody.length);
    assert.equal(done.files[0]!.sha256, newSha);
    const retry = mirror.requests.slice(requestsBefore).filter((r) => r.method === 'GET' && r.path.startsWith('/cdn/'))[1]!;
    assert.deepEqual([retry.range, retry.ifRange, retry.status], [`bytes=${half}-`, `"${oldSha}"`, 200], 'resumed with If-Range and got the whole new file');
    assert.equal(mirror.bytesServed(key), half + newBody.length);
    const file = path.join(modelsDir, 'c-Q4_0.gguf');
    assert.equal((await stat(file)).size, newBody.length);
    assert.equal(await sha256OfFile(file), newSha);
    assert.equal((await sources.get('c-Q4_0.gguf'))?.sha256, newSha);
    await manager.dispose();
  });

  test('a body that does not match the published sha256 is rejected and removed', async () => {
    const key = 'test/tiny-GGUF/stories260K-F32.gguf';
    mirror.setFault(key, { wrongBody: true });
    const { manager, modelsDir } = await open();
    const { id } = await manager.start('hf:test/tiny-GGUF/stories260K-F32.gguf');
    await assert.rejects(manager.whenDone(id), { code: 'checksum_mismatch', message: /sha256/ });
    mirror.setFault(key, undefined);
    assert.equal(manager.get(id)?.state, 'failed');
    assert.match(manager.get(id)!.error!.message, /Hugging Face publishes/);
    assert.deepEqual(await readdir(modelsDir), []);
    await manager.dispose();
  });

  test('a body that is not GGUF is rejected and removed', async () => {
    mirror.addPlainFile('garbage.gguf', Buffer.alloc(64 * 1024, 'not a model '));
    const { manager, modelsDir } = await open();
    const { id } = await manager.start(`${mirror.url}/files/garbage.gguf`);
    await assert.rejects(manager.whenDone(id), { code: 'invalid_gguf' });
    assert.deepEqual(await readdir(modelsDir), []);
    await manager.dispose();
  });

  test('traversal names, other schemes and plain http elsewhere are refused', async () => {
    const { manager, modelsDir } = await open();
    for (const ref of ['hf:test/tiny-GGUF/../../../x.gguf', 'http://example.com/x.gguf', 'file:///etc/passwd', `${mirror.url}/files/..%2F..%2Fx.gguf`]) {
      await assert.rejects(manager.start(ref), { status: 400 }, ref);
    }
    assert.deepEqual(await readdir(modelsDir), []);
    assert.equal(manager.list().length, 0);
    await manager.dispose();
  });

  test('relative redirects are followed by the metadata HEAD and by the GET', async () => {
    const { manager, sources, modelsDir } = await open();
    const key = 'test/tiny-GGUF/stories260K-F32.gguf';
    const requestsBefore = mirror.requests.length;
    const renamed = await manager.start('hf:old-name/tiny-GGUF/stories260K-F32.gguf');
    assert.equal(renamed.files[0]!.sha256, mirror.sha256Of(key), 'the HEAD reached X-Linked-Etag under the new name');
    assert.equal(renamed.files[0]!.sizeBytes, tinySize);
    assert.equal((await manager.whenDone(renamed.id)).state, 'completed');
    assert.equal((await sources.get('stories260K-F32.gguf'))?.sha256, mirror.sha256Of(key));
    const hub = mirror.requests.slice(requestsBefore);
    for (const method of ['HEAD', 'GET']) {
      assert.ok(hub.some((r) => r.method === method && r.path.startsWith('/old-name/') && r.status === 307), `${method} met the rename`);
      assert.ok(hub.some((r) => r.method === method && r.path.startsWith('/test/tiny-GGUF/resolve/') && r.status === 302), `${method} followed it`);
    }

    mirror.addPlainFile('real.gguf', await readFile(testModelPath(testModels.tiny)));
    mirror.addRedirect('moved.gguf', '/files/real.gguf', 301);
    const plainBefore = mirror.requests.length;
    const moved = await manager.start(`${mirror.url}/files/moved.gguf`);
    assert.equal(moved.files[0]!.sizeBytes, tinySize, 'the HEAD followed the redirect to the size');
    assert.equal((await manager.whenDone(moved.id)).state, 'completed');
    const plain = mirror.requests.slice(plainBefore);
    assert.deepEqual(plain.map((r) => `${r.method} ${r.path} ${r.status}`), ['HEAD /files/moved.gguf 301', 'HEAD /files/real.gguf 200', 'GET /files/moved.gguf 301', 'GET /files/real.gguf 200']);
    assert.deepEqual((await readdir(modelsDir)).sort(), ['moved.gguf', 'stories260K-F32.gguf']);
    await manager.dispose();
  });

  test('a redirect to another scheme or in a loop fails the pull with a clear error and lists nothing', async () => {
    const { manager, modelsDir } = await open();
    mirror.addRedirect('passwd.gguf', 'file:///etc/passwd');
    mirror.addRedirect('ftp.gguf', 'ftp://127.0.0.1/x.gguf', 307);
    await assert.rejects(manager.start(`${mirror.url}/files/passwd.gguf`), { status: 400, message: /Refusing to follow a redirect to file:\/\/\/etc\/passwd: only https/ });
    await assert.rejects(manager.start(`${mirror.url}/files/ftp.gguf`), { status: 400, message: /redirect to ftp:\/\/127\.0\.0\.1\/x\.gguf/ });
    const key = 'test/tiny-GGUF/stories260K-F32.gguf';
    mirror.setFault(key, { location: 'file:///etc/passwd' });
    await assert.rejects(manager.start('hf:test/tiny-GGUF/stories260K-F32.gguf'), { status: 400, message: /redirect to file:/ });
    mirror.setFault(key, undefined);

    mirror.addRedirect('loop-a.gguf', '/files/loop-b.gguf');
    mirror.addRedirect('loop-b.gguf', `${mirror.url}/files/loop-a.gguf`);
    await assert.rejects(manager.start(`${mirror.url}/files/loop-a.gguf`), { status: 502, code: 'too_many_redirects', message: /redirecting in a loop/ });
    assert.deepEqual(manager.list(), []);
    assert.deepEqual(await readdir(modelsDir), []);
    await manager.dispose();
  });

  test('a .part planted as a link is replaced, never written through', async () => {
    const { manager, modelsDir } = await open();
    const outside = path.dirname(modelsDir);
    // Smaller than the file (the resume path would append to it), larger (it would be truncated), and dangling (it would be created).
    const small = path.join(outside, 'small.txt');
    const large = path.join(outside, 'large.bin');
    const dangling = path.join(outside, 'created-through-link');
    await writeFile(small, 'keep me');
    await writeFile(large, Buffer.alloc(2 * tinySize, 7));
    await symlink(small, path.join(modelsDir, 'stories260K-F32.gguf.part'));
    await symlink(large, path.join(modelsDir, 'stories260K-Q8_0.gguf.part'));
    await symlink(dangling, path.join(modelsDir, 'm-Q4_K_M-00001-of-00002.gguf.part'));

    const records = [await manager.start('hf:test/tiny-GGUF/stories260K-F32.gguf'), await manager.start('hf:test/tiny-GGUF/stories260K-Q8_0.gguf'), await manager.start('hf.co/test/split-GGUF:Q4_K_M')];
    for (const r of records) assert.equal(r.receivedBytes, 0, `${r.modelId}: a link holds no bytes of ours`);
    for (const r of records) assert.equal((await manager.whenDone(r.id)).state, 'completed');
    assert.equal(await readFile(small, 'utf8'), 'keep me');
    assert.deepEqual(await readFile(large), Buffer.alloc(2 * tinySize, 7));
    assert.equal(existsSync(dangling), false);
    for (const name of await readdir(modelsDir)) assert.ok((await lstat(path.join(modelsDir, name))).isFile(), `${name} is a plain file`);
    assert.equal(await sha256OfFile(path.join(modelsDir, 'stories260K-F32.gguf')), mirror.sha256Of('test/tiny-GGUF/stories260K-F32.gguf'));
    await manager.dispose();
  });

  test('a lock left on the .part by a process that died does not block the download', async () => {
    const { manager, modelsDir } = await open();
    // What a SIGKILLed process leaves: the lock folder, no longer refreshed.
    const lock = path.join(modelsDir, 'stories260K-F32.gguf.part.lock');
    await mkdir(lock);
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(lock, minuteAgo, minuteAgo);
    const startedAt = performance.now();
    const { id } = await manager.start('hf:test/tiny-GGUF/stories260K-F32.gguf');
    assert.equal((await manager.whenDone(id)).state, 'completed');
    assert.ok(performance.now() - startedAt < 5000, 'took the stale lock over at once');
    assert.deepEqual(await readdir(modelsDir), ['stories260K-F32.gguf'], 'and released it');
    await manager.dispose();
  });

  test('cancel leaves nothing listed, and pulling again resumes', async () => {
    const key = 'test/tiny-GGUF/stories260K-F32.gguf';
    mirror.setFault(key, { bytesPerSecond: 400_000 });
    const { manager, modelsDir } = await open();
    const { id } = await manager.start('hf:test/tiny-GGUF/stories260K-F32.gguf');
    await new Promise<void>((resolve) => manager.on('progress', (r) => r.receivedBytes > 200_000 && resolve()));
    const cancelled = await manager.cancel(id);
    assert.equal(cancelled.state, 'cancelled');
    await assert.rejects(manager.whenDone(id), { code: 'cancelled' });
    assert.deepEqual((await readdir(modelsDir)).filter((f) => f.endsWith('.gguf')), []);

    mirror.setFault(key, undefined);
    const again = await manager.start('hf:test/tiny-GGUF/stories260K-F32.gguf');
    assert.notEqual(again.id, id);
    assert.ok(again.receivedBytes > 0, 'starts from the kept .part');
    await manager.whenDone(again.id);
    assert.deepEqual(await readdir(modelsDir), ['stories260K-F32.gguf']);

    const discarded = await manager.start('hf:test/tiny-GGUF/stories260K-Q8_0.gguf');
    await manager.cancel(discarded.id, { discard: true });
    assert.deepEqual(await readdir(modelsDir), ['stories260K-F32.gguf']);
    await manager.dispose();
  });

  test('a split model pulls every part; a known file completes at once', async () => {
    const { manager, modelsDir } = await open();
    const record = await manager.start('hf.co/test/split-GGUF:q4_k_m');
    assert.equal(record.modelId, 'm-Q4_K_M');
    assert.deepEqual(record.files.map((f) => f.fileName), ['m-Q4_K_M-00001-of-00002.gguf', 'm-Q4_K_M-00002-of-00002.gguf']);
    await manager.whenDone(record.id);
    assert.deepEqual((await readdir(modelsDir)).sort(), ['m-Q4_K_M-00001-of-00002.gguf', 'm-Q4_K_M-00002-of-00002.gguf']);
    const again = await manager.start('hf:test/split-GGUF/Q4_K_M/m-Q4_K_M-00002-of-00002.gguf');
    assert.equal(again.state, 'completed');
    await manager.dispose();
  });

  test('each part of a split model is checked against its own oid: a wrong part 2 is rejected and removed', async () => {
    const [part1, part2] = [1, 2].map((n) => `test/split-GGUF/Q4_K_M/m-Q4_K_M-0000${n}-of-00002.gguf`) as [string, string];
    mirror.setFault(part2, { wrongBody: true });
    const { manager, modelsDir } = await open();
    const record = await manager.start('hf.co/test/split-GGUF:Q4_K_M');
    assert.deepEqual(record.files.map((f) => f.sha256), [mirror.sha256Of(part1), mirror.sha256Of(part2)]);
    await assert.rejects(manager.whenDone(record.id), {
      code: 'checksum_mismatch',
      message: new RegExp(`^m-Q4_K_M-00002-of-00002\\.gguf failed verification: its sha256 is [0-9a-f]{64} but Hugging Face publishes ${mirror.sha256Of(part2)}\\. It was deleted\\.$`),
    });
    mirror.setFault(part2, undefined);
    // Part 1 passed, but a model is installed whole or not at all: it waits as a .part for the next pull.
    assert.deepEqual(await readdir(modelsDir), ['m-Q4_K_M-00001-of-00002.gguf.part']);

    const servedBefore = mirror.bytesServed(part1);
    const again = await manager.start('hf.co/test/split-GGUF:Q4_K_M');
    assert.equal((await manager.whenDone(again.id)).state, 'completed');
    assert.equal(mirror.bytesServed(part1), servedBefore, 'part 1 was not fetched again');
    assert.deepEqual((await readdir(modelsDir)).sort(), ['m-Q4_K_M-00001-of-00002.gguf', 'm-Q4_K_M-00002-of-00002.gguf']);
    await manager.dispose();
  });

  test('not enough disk space is refused before any byte is fetched', async () => {
    const key = 'test/tiny-GGUF/stories260K-F32.gguf';
    mirror.setFault(key, { declaredSize: 10 ** 16 });
    const { manager } = await open();
    const requestsBefore = mirror.requests.length;
    await assert.rejects(manager.start('hf.co/test/tiny-GGUF:F32'), { status: 507, code: 'insufficient_disk_space' });
    mirror.setFault(key, undefined);
    assert.ok(!mirror.requests.slice(requestsBefore).some((r) => r.path.startsWith('/cdn/')));
    assert.equal(manager.list().length, 0);
    await manager.dispose();
  });

  test('runs at most maxConcurrentDownloads at once', async () => {
    for (const file of ['stories260K-F32.gguf', 'stories260K-Q8_0.gguf']) mirror.setFault(`test/tiny-GGUF/${file}`, { bytesPerSecond: 2_000_000 });
    const { manager } = await open({ maxConcurrentDownloads: 1 });
    let most = 0;
    manager.on('progress', () => (most = Math.max(most, manager.list().filter((r) => r.state === 'downloading').length)));
    const a = await manager.start('hf:test/tiny-GGUF/stories260K-F32.gguf');
    const b = await manager.start('hf:test/tiny-GGUF/stories260K-Q8_0.gguf');
    assert.equal(manager.get(b.id)?.state, 'queued');
    await Promise.all([manager.whenDone(a.id), manager.whenDone(b.id)]);
    for (const file of ['stories260K-F32.gguf', 'stories260K-Q8_0.gguf']) mirror.setFault(`test/tiny-GGUF/${file}`, undefined);
    assert.equal(most, 1);
    await manager.dispose();
  });

  test('gated repos need the token, which goes to the endpoint only', async () => {
    const without = await open();
    await assert.rejects(without.manager.start('hf:test/gated-GGUF/g-Q4_0.gguf'), { status: 403 });
    await without.manager.dispose();
    const { manager } = await open({ hfToken: mirror.token });
    const { id } = await manager.start('hf.co/test/gated-GGUF');
    await manager.whenDone(id);
    const cdnRequests = mirror.requests.filter((r) => r.path.startsWith('/cdn/') && r.authorization);
    assert.deepEqual(cdnRequests, [], 'the CDN never sees the token');
    await manager.dispose();
  });
});
