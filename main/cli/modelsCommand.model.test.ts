import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHfMirror, type HfMirror } from '../../test/fixtures/hfMirror.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';

describe('hearth models', { skip: missingTestModels([testModels.tiny]) }, () => {
  let mirror: HfMirror;
  let dataDir: string;
  let runHearth: typeof import('../../test/spawnHearth.js').runHearth;
  before(async () => {
    mirror = await startHfMirror({ 'test/tiny-GGUF': { files: { 'stories260K-Q4_K_M.gguf': testModelPath(testModels.tiny) } } });
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-cli-models-'));
    // The launcher's environment is read when spawnHearth loads; point it at the mirror first.
    process.env.HEARTH_HF_ENDPOINT = mirror.url;
    ({ runHearth } = await import('../../test/spawnHearth.js'));
  });
  after(async () => {
    delete process.env.HEARTH_HF_ENDPOINT;
    await mirror.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const models = (...args: string[]) => runHearth(['models', ...args, '--data-dir', dataDir]);

  it('pulls with progress, lists with metadata and removes', async () => {
    const pulled = await models('pull', 'hf.co/test/tiny-GGUF');
    assert.equal(pulled.code, 0, pulled.stderr);
    assert.match(pulled.stdout, /stories260K-Q4_K_M \[#+\] 100%.*completed/);
    assert.match(pulled.stdout, /Pulled stories260K-Q4_K_M/);
    assert.ok(existsSync(path.join(dataDir, 'models', 'stories260K-Q4_K_M.gguf')));

    const listed = await models('list');
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, /stories260K-Q4_K_M\s+llama\s+\d+K params\s+Q4_K_M\s+1\.2 MB/);
    const json = JSON.parse((await models('list', '--json')).stdout);
    assert.equal(json[0].sha256, mirror.sha256Of('test/tiny-GGUF/stories260K-Q4_K_M.gguf'));

    const removed = await models('rm', 'stories260K-Q4_K_M');
    assert.equal(removed.code, 0, removed.stderr);
    assert.ok(!existsSync(path.join(dataDir, 'models', 'stories260K-Q4_K_M.gguf')));
    const missing = await models('rm', 'stories260K-Q4_K_M');
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /does not exist/);
  });

  it('refuses a bad reference with a clear message', async () => {
    const bad = await models('pull', 'hf:test/tiny-GGUF/../../evil.gguf');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not an acceptable file path/);
  });
});
