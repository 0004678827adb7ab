import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import wavefile from 'wavefile';
import type { DownloadRecord } from '../../common/downloads.js';
import type { FolderModelEntry } from '../../common/library.js';
import { whisperCatalog } from '../audio/transcription/whisperCatalog.js';
import { SettingsStore } from '../config/SettingsStore.js';
import { ModelSources } from '../library/ModelSources.js';
import { createLogger } from '../log.js';
import { DownloadManager } from './DownloadManager.js';
import type { FolderCatalog } from './folderCatalog.js';
import { startHfMirror, type HfMirror } from '../../test/fixtures/hfMirror.js';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { syntheticWhisperTinyRepoFiles } from '../../test/whisperSynthetic/syntheticWhisper.js';

const repo = 'csukuangfj/sherpa-onnx-whisper-tiny';
const id = 'sherpa-onnx-whisper-tiny';
const ref = `whisper:${id}`;
const picked = ['tiny-encoder.int8.onnx', 'tiny-decoder.int8.onnx', 'tiny-tokens.txt'];

/** One second of a quiet tone per `seconds`, 16 kHz mono 16-bit: what a dictation records. */
function wav(seconds: number): Uint8Array<ArrayBuffer> {
  const samples = Int16Array.from({ length: 16000 * seconds }, (_, i) => Math.round(3000 * Math.sin(i / 8)));
  const file = new wavefile.WaveFile();
  file.fromScratch(1, 16000, '16', samples);
  return new Uint8Array(file.toBuffer());
}

/** Polls until `check` holds (the server's progress events are throttled, so one may be skipped). */
async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves with the first progress snapshot of a download that `accept` takes. */
function progressWhere(manager: DownloadManager, downloadId: string, accept: (record: DownloadRecord) => boolean): Promise<DownloadRecord> {
  return new Promise((resolve) => {
    const listener = (record: DownloadRecord) => {
      if (record.id !== downloadId || !accept(record)) return;
      manager.off('progress', listener);
      resolve(record);
    };
    manager.on('progress', listener);
  });
}

/**
 * Whisper models pulled as `whisper:<id>` through the library's download queue, against the Hugging Face
 * stand-in. The production catalog's repo is served with the synthetic model (test/whisperSynthetic) under
 * Whisper tiny's file names, beside the files a download must skip (the float models, the README, test
 * recordings), so the real catalog entry, the real transcription engine and the real server take part.
 */
describe('Whisper models through the download queue', () => {
  let mirror: HfMirror;
  const roots: string[] = [];

  before(async () => {
    const whisperFiles = await syntheticWhisperTinyRepoFiles();
    mirror = await startHfMirror({
      [repo]: {
        files: {
          ...whisperFiles,
          'test_wavs/0.wav': Buffer.from(wav(1)),
        },
      },
      'test/voices': {
        files: {
          'amy.onnx': whisperFiles['tiny-encoder.onnx']!,
          'amy.onnx.json': Buffer.from('{"voice":"amy"}\n'),
          'espeak-ng-data/phontab': Buffer.from('phonemes\n'),
          'espeak-ng-data/lang/en': Buffer.from('english\n'),
          'LICENSE.md': Buffer.from('MIT\n'),
        },
      },
      'test/not-whisper': { files: { 'README.md': Buffer.from('nothing here\n') } },
    });
  });
  after(async () => {
    await mirror.close();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  async function openManager(options: { dirs?: { dataDir: string; modelsDir: string }; retryDelayMs?: number; folderCatalogs?: FolderCatalog[] } = {}) {
    let dirs = options.dirs;
    if (!dirs) {
      const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-whisper-dl-'));
      roots.push(root);
      dirs = { dataDir: path.join(root, 'data'), modelsDir: path.join(root, 'models') };
      await mkdir(dirs.modelsDir, { recursive: true });
    }
    const settings = await SettingsStore.open(dirs.dataDir, dirs.modelsDir, { hfEndpoint: mirror.url });
    const manager = await DownloadManager.open({
      settings,
      sources: await ModelSources.open(dirs.dataDir),
      logger: createLogger('silent'),
      retryDelayMs: options.retryDelayMs ?? 20,
      progressIntervalMs: 0,
      folderCatalogs: options.folderCatalogs,
    });
    return { manager, ...dirs };
  }

  const rangeStarts = (file: string) => mirror.requests.filter((r) => r.path.startsWith('/cdn/') && r.path.endsWith(`/${encodeURIComponent(file)}`) && r.range).map((r) => r.range);

  describe('through the server', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer({ settings: { hfEndpoint: mirror.url } });
    });
    after(() => server?.close());

    const admin = (route: string, init?: RequestInit) => fetch(`${server.url}/v1/admin${route}`, init);
    const transcribe = () => {
      const form = new FormData();
      form.append('file', new Blob([wav(2)], { type: 'audio/wav' }), 'clip.wav');
      form.append('model', 'whisper-1');
      return fetch(`${server.url}/v1/audio/transcriptions`, { method: 'POST', body: form });
    };
    const folderModels = async () => ((await (await admin('/library/folder-models')).json()) as { data: FolderModelEntry[] }).data;

    test('downloads into a hidden folder, then the model is transcribing at once, without a restart', async () => {
      const before = await transcribe();
      assert.equal(before.status, 404);
      assert.match(((await before.json()) as { error: { message: string } }).error.message, /Download Whisper tiny in Discover/);
      assert.deepEqual(
        (await folderModels()).filter((m) => m.purpose === 'speech-to-text').map((m) => [m.ref, m.purpose, m.isInstalled]),
        whisperCatalog.entries.map((e) => [`whisper:${e.id}`, 'speech-to-text', false]),
      );

      // Slow enough to look at the folder while the decoder is still coming.
      mirror.setFault(`${repo}/tiny-decoder.int8.onnx`, { bytesPerSecond: 400 });
      const started = await admin('/downloads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref }) });
      assert.equal(started.status, 202);
      const record = (await started.json()) as DownloadRecord;
      assert.equal(record.modelId, id);
      assert.equal(record.folder, id);
      assert.deepEqual(record.files.map((f) => f.fileName).sort(), [...picked].sort());
      assert.ok(record.totalBytes! > 0);

      const downloads = server.services.downloads;
      await until(() => downloads.get(record.id)!.files.some((f) => f.fileName === 'tiny-decoder.int8.onnx' && f.receivedBytes > 0));
      assert.equal(downloads.get(record.id)!.state, 'downloading');
      assert.equal(existsSync(path.join(server.modelsDir, id)), false, 'no model folder before every file is verified');
      assert.ok(existsSync(path.join(server.modelsDir, `.${id}.partial`)));
      assert.equal((await transcribe()).status, 404, 'a half-finished folder is not a model');

      const done = await downloads.whenDone(record.id);
      mirror.setFault(`${repo}/tiny-decoder.int8.onnx`, undefined);
      assert.equal(done.receivedBytes, done.totalBytes);
      assert.deepEqual((await readdir(path.join(server.modelsDir, id))).sort(), [...picked].sort());
      assert.deepEqual((await readdir(server.modelsDir)).sort(), [id], 'no staging folder, .part or lock left');
      for (const skipped of ['tiny-encoder.onnx', 'tiny-decoder.onnx', 'README.md', 'test_wavs/0.wav']) assert.equal(mirror.bytesServed(`${repo}/${skipped}`), 0, skipped);
      // The .onnx files are in LFS on the hub, so their sha256 was known from the listing and checked.
      assert.equal(done.files.find((f) => f.fileName === 'tiny-encoder.int8.onnx')?.sha256, mirror.sha256Of(`${repo}/tiny-encoder.int8.onnx`));

      const after = await transcribe();
      assert.equal(after.status, 200, await after.clone().text());
      assert.match(((await after.json()) as { text: string }).text, /^hi( hi)*$/);
      assert.equal((await folderModels()).find((m) => m.id === id)?.isInstalled, true);

      // Pulled again: already there, nothing fetched.
      const served = mirror.bytesServed();
      const again = await admin('/downloads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref }) });
      assert.equal(again.status, 200);
      assert.equal(((await again.json()) as DownloadRecord).state, 'completed');
      assert.equal(mirror.bytesServed(), served);
    });

    test('refusals: an unknown id, a repo without the files, a folder in the way', async () => {
      const start = (body: unknown) => admin('/downloads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const unknown = await start({ ref: 'whisper:large-v9' });
      assert.equal(unknown.status, 404);
      assert.match(((await unknown.json()) as { error: { message: string } }).error.message, /whisper:sherpa-onnx-whisper-tiny/);

      const { manager } = await openManager({ folderCatalogs: [{ scheme: 'whisper', purpose: 'speech-to-text', entries: [{ ...whisperCatalog.entries[0]!, huggingFaceRepo: 'test/not-whisper' }] }] });
      await assert.rejects(manager.start(ref), (error: Error & { status?: number }) => error.status === 404 && /does not hold the files of Whisper tiny/.test(error.message));
      await manager.dispose();

      const occupied = await openManager();
      await mkdir(path.join(occupied.modelsDir, id));
      await assert.rejects(occupied.manager.start(ref), (error: Error & { status?: number }) => error.status === 400 && /not a complete model/.test(error.message));
      await occupied.manager.dispose();
    });
  });

  test('pause and resume: the folder download continues from the bytes it has', async () => {
    const { manager, modelsDir } = await openManager({ retryDelayMs: 60_000 });
    const file = 'tiny-encoder.int8.onnx';
    // The link drops after 300 bytes and the retry is a minute away: paused in between.
    mirror.setFault(`${repo}/${file}`, { dropAfterBytes: 300 });
    const first = await manager.start(ref);
    await progressWhere(manager, first.id, (r) => r.files.some((f) => f.fileName === file && f.receivedBytes === 300));
    const paused = await manager.cancel(first.id);
    assert.equal(paused.state, 'cancelled');
    assert.equal(existsSync(path.join(modelsDir, `.${id}.partial`, `${file}.part`)), true, 'the bytes stay for a resume');

    const resumed = await manager.start(ref);
    assert.notEqual(resumed.id, first.id);
    assert.equal(resumed.files.find((f) => f.fileName === file)?.receivedBytes, 300);
    await manager.whenDone(resumed.id);
    assert.deepEqual(rangeStarts(file).slice(-1), ['bytes=300-']);
    assert.deepEqual((await readdir(path.join(modelsDir, id))).sort(), [...picked].sort());
    await manager.dispose();
  });

  test('cancel discards: the staging folder goes, and nothing is installed', async () => {
    const { manager, modelsDir } = await openManager({ retryDelayMs: 60_000 });
    mirror.setFault(`${repo}/tiny-encoder.int8.onnx`, { dropAfterBytes: 200 });
    const record = await manager.start(ref);
    await progressWhere(manager, record.id, (r) => r.receivedBytes >= 200);
    await manager.cancel(record.id, { discard: true });
    assert.deepEqual(await readdir(modelsDir), []);
    mirror.setFault(`${repo}/tiny-encoder.int8.onnx`, undefined);
    await manager.dispose();
  });

  test('another catalog plugs in with an entry alone, and its download survives a restart', async () => {
    // A stand-in for the next kind of folder model (local voices): id, repo and which files, no download code;
    // a picked name that is a folder in the repo comes whole.
    const voices: FolderCatalog = {
      scheme: 'voice',
      purpose: 'text-to-speech',
      entries: [
        {
          id: 'amy',
          name: 'Amy',
          huggingFaceRepo: 'test/voices',
          approxSizeBytes: 1000,
          description: 'A test voice.',
          pickFiles: (names) => {
            const wanted = ['amy.onnx', 'amy.onnx.json', 'espeak-ng-data'];
            return wanted.every((name) => names.includes(name)) ? wanted : null;
          },
        },
      ],
    };
    const first = await openManager({ retryDelayMs: 60_000, folderCatalogs: [voices] });
    mirror.setFault('test/voices/amy.onnx', { dropAfterBytes: 250 });
    const record = await first.manager.start('voice:amy');
    await progressWhere(first.manager, record.id, (r) => r.receivedBytes >= 250);
    // Stopped as the app quits: saved as queued, resumed by the next start on its own.
    await first.manager.dispose();

    const second = await openManager({ dirs: { dataDir: first.dataDir, modelsDir: first.modelsDir }, folderCatalogs: [voices] });
    const done = await second.manager.whenDone(record.id);
    assert.equal(done.folder, 'amy');
    assert.deepEqual(rangeStarts('amy.onnx').slice(-1), ['bytes=250-']);
    assert.deepEqual((await readdir(path.join(first.modelsDir, 'amy'), { recursive: true })).sort(), ['amy.onnx', 'amy.onnx.json', 'espeak-ng-data', 'espeak-ng-data/lang', 'espeak-ng-data/lang/en', 'espeak-ng-data/phontab']);
    assert.equal(mirror.bytesServed('test/voices/LICENSE.md'), 0);
    assert.deepEqual((await readdir(first.modelsDir)).sort(), ['amy']);
    await second.manager.dispose();
  });
});
