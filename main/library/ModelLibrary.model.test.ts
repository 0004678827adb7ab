import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { access, copyFile, mkdir, mkdtemp, readdir, rename, rm, symlink, utimes } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SettingsStore } from '../config/SettingsStore.js';
import { createLogger } from '../log.js';
import { DownloadManager } from '../downloads/DownloadManager.js';
import { ModelLibrary } from './ModelLibrary.js';
import { ModelSources } from './ModelSources.js';
import { startHfMirror, type HfMirror } from '../../test/fixtures/hfMirror.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';

const skip = missingTestModels([testModels.tiny, testModels.chatml, testModels.tinyRandom]);

describe('ModelLibrary against the local Hugging Face mirror', { skip }, () => {
  let mirror: HfMirror;
  let root: string;

  before(async () => {
    mirror = await startHfMirror({
      'test/tiny-GGUF': {
        files: {
          'stories260K-F32.gguf': testModelPath(testModels.tiny),
          'stories260K-chatml-Q8_0.gguf': testModelPath(testModels.chatml),
          'mmproj-stories-F16.gguf': testModelPath(testModels.tiny),
          'README.md': Buffer.from('# tiny\n'),
        },
        downloads: 500,
      },
      'test/random-llama-GGUF': { files: { 'llama-2-tiny-random-F16.gguf': testModelPath(testModels.tinyRandom) }, downloads: 9000 },
      ...(existsSync(testModelPath(testModels.bench)) ? { 'bench/large-GGUF': { files: { 'bench-135M-Q4_K_M.gguf': testModelPath(testModels.bench) }, downloads: 1 } } : {}),
      'other/not-matching': { files: { 'x-Q4_0.gguf': testModelPath(testModels.tiny) }, downloads: 1 },
    });
    root = await mkdtemp(path.join(os.tmpdir(), 'hearth-lib-'));
  });
  after(async () => {
    await mirror.close();
    await rm(root, { recursive: true, force: true });
  });

  async function open(name: string) {
    const dataDir = path.join(root, name, 'data');
    const modelsDir = path.join(root, name, 'models');
    await mkdir(modelsDir, { recursive: true });
    const settings = await SettingsStore.open(dataDir, modelsDir, { hfEndpoint: mirror.url });
    const sources = await ModelSources.open(dataDir);
    const logger = createLogger('silent');
    const downloads = await DownloadManager.open({ settings, logger, sources, retryDelayMs: 20 });
    const library = new ModelLibrary({ settings, sources, hub: downloads.hub, logger });
    return { settings, downloads, library, modelsDir, dataDir };
  }

  test('search finds GGUF repos, most downloaded first', async () => {
    const { library, downloads } = await open('search');
    const found = await library.search('test/');
    assert.deepEqual(found.map((m) => m.id), ['test/random-llama-GGUF', 'test/tiny-GGUF']);
    assert.equal(found[0]!.downloads, 9000);
    assert.ok(mirror.requests.some((r) => r.path.startsWith('/api/models?') && r.path.includes('filter=gguf') && r.path.includes('sort=downloads')));
    await downloads.dispose();
  });

  test('repo files come with size, quantization, sha256 and fit, read from HTTP ranges only', async () => {
    const { library, downloads } = await open('repo');
    const files = await library.repoFiles('test/tiny-GGUF');
    assert.deepEqual(files.map((f) => [f.path, f.quantization]), [
      ['stories260K-F32.gguf', 'F32'],
      ['mmproj-stories-F16.gguf', 'F16'],
      ['stories260K-chatml-Q8_0.gguf', 'Q8_0'],
    ]);
    const f32 = files[0]!;
    assert.equal(f32.sizeBytes, 1185376);
    assert.equal(f32.sha256, mirror.sha256Of('test/tiny-GGUF/stories260K-F32.gguf'));
    assert.equal(f32.ref, 'hf:test/tiny-GGUF/stories260K-F32.gguf');
    assert.ok(f32.fit, f32.fitError);
    assert.equal(f32.fit.fits, true);
    assert.equal(f32.fit.totalLayers, 6);
    assert.ok(f32.fit.contextSize > 0 && f32.fit.ramBytes > 0);
    assert.ok(mirror.requests.some((r) => r.path.startsWith('/cdn/') && r.range), 'header read with Range');
    await downloads.dispose();
  });

  test('the fit of a large file is read from its header: a few MB of a 100 MB file', { skip: missingTestModels([testModels.bench]) }, async () => {
    const { library, downloads } = await open('ranges');
    const before = mirror.bytesServed();
    const [file] = await library.repoFiles('bench/large-GGUF');
    const served = mirror.bytesServed() - before;
    assert.ok(file?.fit, file?.fitError);
    assert.equal(file.fit.totalLayers, 31);
    // node-llama-cpp reads ahead 4 MB per range request; the header of this file needs one or two.
    assert.ok(served < 10 * 2 ** 20 && served < file.sizeBytes / 10, `${served} bytes served of ${file.sizeBytes}`);
    await downloads.dispose();
  });

  test('an unknown repo is a 404', async () => {
    const { library, downloads } = await open('missing');
    await assert.rejects(library.repoFiles('nobody/nothing'), { status: 404 });
    await downloads.dispose();
  });

  test('downloaded models are listed with metadata; settings survive a restart; delete removes files', async () => {
    const first = await open('local');
    const { id } = await first.downloads.start('hf.co/test/tiny-GGUF:Q8_0');
    await first.downloads.whenDone(id);
    const [model] = await first.library.list();
    assert.ok(model);
    assert.equal(model.id, 'stories260K-chatml-Q8_0');
    assert.equal(model.architecture, 'llama');
    assert.equal(model.hasChatTemplate, true);
    assert.equal(model.isEmbeddingOnly, false);
    assert.equal(model.contextLength, 2048);
    assert.equal(model.fileType, null, 'this file has no general.file_type');
    assert.equal(model.quantization, 'Q8_0');
    assert.ok(model.parameterCount! > 200_000 && model.parameterCount! < 400_000, String(model.parameterCount));
    assert.equal(model.sha256, mirror.sha256Of('test/tiny-GGUF/stories260K-chatml-Q8_0.gguf'));
    assert.equal(model.source, 'hf.co/test/tiny-GGUF:Q8_0');
    const file = path.join(first.modelsDir, 'stories260K-chatml-Q8_0.gguf');
    assert.equal(await first.library.verifiedSha256(file), model.sha256, 'what the download verified, for the file as downloaded');
    const later = new Date(Date.now() + 60_000);
    await utimes(file, later, later);
    assert.equal(await first.library.verifiedSha256(file), null, 'a file written since is no longer the one verified');

    await first.downloads.whenDone((await first.downloads.start('hf:test/random-llama-GGUF/llama-2-tiny-random-F16.gguf')).id);
    await rename(path.join(first.modelsDir, 'llama-2-tiny-random-F16.gguf'), path.join(first.modelsDir, 'random.gguf'));
    const random = (await first.library.list()).find((m) => m.id === 'random');
    assert.equal(random?.quantization, 'F16', 'from the tensors when the name says nothing');
    assert.equal(random?.sha256, null, 'a renamed file is not the one that was verified');
    await first.library.delete('random');

    await first.library.updateSettings(model.id, { contextSize: 512, threads: 1, systemPrompt: 'Be brief.', sampling: { temperature: 0.2 } });
    await first.library.updateSettings(model.id, { systemPrompt: null });
    await assert.rejects(first.library.updateSettings(model.id, { contextSize: 3 } as never), { name: 'ZodError' });
    await assert.rejects(first.library.updateSettings('no-such-model', { contextSize: 512 }), { status: 404 });
    await first.downloads.dispose();

    const second = await open('local');
    assert.deepEqual(second.library.settingsOf(model.id), { contextSize: 512, threads: 1, sampling: { temperature: 0.2 } });
    assert.deepEqual(second.settings.get().models[model.id], { contextSize: 512, threads: 1, sampling: { temperature: 0.2 } });
    await second.library.delete(model.id);
    assert.deepEqual(await readdir(second.modelsDir), []);
    assert.deepEqual(await second.library.list(), []);
    await assert.rejects(second.library.delete(model.id), { status: 404 });
    await second.downloads.dispose();
  });

  test('a model linked in from elsewhere is listed, and deleting it removes only the link', async () => {
    const { library, modelsDir, downloads } = await open('linked');
    const elsewhere = path.join(root, 'linked', 'elsewhere');
    await mkdir(elsewhere, { recursive: true });
    const target = path.join(elsewhere, 'kept.gguf');
    await copyFile(testModelPath(testModels.tiny), target);
    await symlink(target, path.join(modelsDir, 'kept.gguf'));

    const [model] = await library.list();
    assert.equal(model?.id, 'kept');
    assert.equal(model?.architecture, 'llama');
    await library.delete('kept');
    assert.deepEqual(await readdir(modelsDir), []);
    await access(target); // the model file itself is still there
    await downloads.dispose();
  });
});
