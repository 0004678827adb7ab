import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseBuffer } from 'music-metadata';
import type { SpeechVoicesResponse } from '../../common/api/speech.js';
import { downloadProgress, type DownloadRecord } from '../../common/downloads.js';
import type { IpcEvents } from '../../common/ipc/events.js';
import { startEventFeed } from '../../common/ipc/http/eventFeed.js';
import type { FolderModelEntry } from '../../common/library.js';
import { voiceCatalog } from '../audio/speech/voiceCatalog.js';
import { startHfMirror, type HfMirror } from '../../test/fixtures/hfMirror.js';
import { runHearth } from '../../test/spawnHearth.js';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { syntheticPiperRepoFiles } from '../../test/voiceSynthetic/syntheticVoice.js';

const entry = voiceCatalog.entries[0]!;
const id = entry.id;
const ref = `voice:${id}`;
const voiceName = id.replace(/^vits-piper-/, '');

/** Every file and folder under `dir`, relative, sorted. */
async function treeOf(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true })).map((name) => name.split(path.sep).join('/')).sort();
}

/**
 * Neural voices pulled as `voice:<id>` through the library's download queue, against the Hugging Face stand-in.
 * The production catalog's first voice is served with the synthetic Piper voice (test/voiceSynthetic) under its
 * file names, espeak-ng-data/ as the nested tree it is on the hub, beside a model card and README a download must
 * skip; the stand-in pages its tree listing, as the hub does past 1000 entries, so the whole tree must be followed.
 * Then the real voice listing and the real sherpa-onnx engine speak with it.
 */
describe('neural voices through the download queue', () => {
  let mirror: HfMirror;
  let server: TestServer;
  let repoFiles: Record<string, string | Buffer>;
  const roots: string[] = [];

  before(async () => {
    repoFiles = await syntheticPiperRepoFiles(voiceName);
    mirror = await startHfMirror({ [entry.huggingFaceRepo]: { files: repoFiles } }, { treePageSize: 100 });
    server = await startTestServer({ settings: { hfEndpoint: mirror.url } });
  });
  after(async () => {
    await server?.close();
    await mirror?.close();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  const admin = (route: string, init?: RequestInit) => fetch(`${server.url}/v1/admin${route}`, init);
  const voices = async () => ((await (await fetch(`${server.url}/v1/audio/voices`)).json()) as SpeechVoicesResponse).voices;
  const folderModels = async () => ((await (await admin('/library/folder-models')).json()) as { data: FolderModelEntry[] }).data;
  const expectedTree = () => {
    const wanted = Object.keys(repoFiles).filter((name) => name !== 'MODEL_CARD' && name !== 'README.md');
    const folders = new Set(wanted.flatMap((name) => name.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
    return [...wanted, ...folders].sort();
  };

  test('the catalog lists the voices for text to speech; a pull fetches the whole espeak-ng-data tree; the voice speaks at once', async () => {
    const listed = (await folderModels()).filter((model) => model.purpose === 'text-to-speech');
    assert.deepEqual(
      listed.map((model) => [model.ref, model.isInstalled]),
      voiceCatalog.entries.map((voice) => [`voice:${voice.id}`, false]),
    );
    assert.equal((await voices()).some((voice) => voice.id === id), false);
    // What the UIs see: the event feed's progress, which leaves the ~450 files out and counts them instead.
    const progress: IpcEvents['downloads:onDidProgress'][] = [];
    const feed = startEventFeed({ baseUrl: () => server.url, apiKey: () => null, reportsStatus: false, emit: (event, payload) => void (event === 'downloads:onDidProgress' && progress.push(payload as IpcEvents['downloads:onDidProgress'])) });

    const started = await admin('/downloads', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref }) });
    assert.equal(started.status, 202, await started.clone().text());
    const record = (await started.json()) as DownloadRecord;
    assert.equal(record.folder, id);
    const nested = record.files.filter((file) => file.fileName.startsWith('espeak-ng-data/'));
    assert.ok(nested.length > 100, `espeak-ng-data/ comes whole: ${nested.length} files`);
    assert.ok(
      nested.some((file) => file.fileName.split('/').length > 3),
      'files two folders down too',
    );
    assert.ok(mirror.requests.filter((request) => request.path.includes('/tree/') && request.path.includes('cursor=')).length > 0, 'the listing was followed past its first page');

    const done = await server.services.downloads.whenDone(record.id);
    assert.equal(done.state, 'completed', JSON.stringify(done.error));
    assert.equal(done.receivedBytes, done.totalBytes);
    const folder = path.join(server.modelsDir, id);
    assert.deepEqual(await treeOf(folder), expectedTree());
    assert.deepEqual(await readdir(server.modelsDir), [id], 'no staging folder, .part or lock left');
    for (let i = 0; i < 40 && progress.at(-1)?.state !== 'completed'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    feed.stop();
    for (const event of progress) {
      assert.equal('files' in event, false, 'no file list in a progress event');
      downloadProgress.strict().parse(event);
    }
    assert.deepEqual([progress.at(-1)?.state, progress.at(-1)?.filesDone, progress.at(-1)?.fileCount], ['completed', record.files.length, record.files.length]);
    assert.ok(progress.some((event) => event.filesDone > 0 && event.filesDone < event.fileCount), 'files counted as they arrive');
    for (const skipped of ['MODEL_CARD', 'README.md']) assert.equal(mirror.bytesServed(`${entry.huggingFaceRepo}/${skipped}`), 0, skipped);
    assert.equal((await folderModels()).find((model) => model.ref === ref)?.isInstalled, true);

    // Listed and spoken without a restart, by the real sherpa-onnx engine in its child program.
    const voice = (await voices()).find((known) => known.id === id);
    assert.equal(voice?.engine, 'sherpa-onnx', JSON.stringify(voice));
    assert.equal(voice?.error, undefined);
    assert.equal(voice?.language, 'en-us');
    assert.deepEqual(voice?.speakers, ['alba', 'bryn']);
    const spoken = await fetch(`${server.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tts-1', voice: id, input: 'Hello world.', response_format: 'wav' }),
    });
    assert.equal(spoken.status, 200, await spoken.clone().text());
    assert.equal(spoken.headers.get('x-hearth-voice'), `${id}+alba`);
    const { format } = await parseBuffer(new Uint8Array(await spoken.arrayBuffer()), { mimeType: 'audio/wav' }, { duration: true });
    assert.ok((format.duration ?? 0) > 0.1, `decodable audio of ${format.duration} s`);
    assert.equal(format.sampleRate, 16000);
  });

  test('`hearth models pull voice:<id>` pulls the same folder from the command line', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-voice-cli-'));
    roots.push(dataDir);
    const pulled = await runHearth(['models', 'pull', ref, '--data-dir', dataDir], { HEARTH_HF_ENDPOINT: mirror.url });
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stdout, new RegExp(`Pulled ${id}`));
    const folder = path.join(dataDir, 'models', id);
    assert.ok(existsSync(folder));
    assert.deepEqual(await treeOf(folder), expectedTree());

    const help = await runHearth(['models', '--help']);
    assert.match(help.stdout, new RegExp(`voice:${id}`), 'the usage names the voices');
  });
});
