import assert from 'node:assert/strict';
import { existsSync, statSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { startHfMirror, type HfMirror } from '../../test/fixtures/hfMirror.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';

describe('hearth models', { skip: missingTestModels([testModels.tiny]) }, () => {
  let mirror: HfMirror;
  let dataDir: string;
  let runHearth: typeof import('../../test/spawnHearth.js').runHearth;
  before(async () => {
    mirror = await startHfMirror({
      'test/tiny-GGUF': { files: { 'stories260K-Q4_K_M.gguf': testModelPath(testModels.tiny) } },
      ...(existsSync(testModelPath(testModels.bench)) ? { 'test/big-GGUF': { files: { 'big-Q4_K_M.gguf': testModelPath(testModels.bench) } } } : {}),
    });
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

  it('pulls only what it is asked for, not the downloads left queued in the data dir', { skip: missingTestModels([testModels.bench]) }, async () => {
    const big = 'test/big-GGUF/big-Q4_K_M.gguf';
    mirror.setFault(big, { bytesPerSecond: 10_000_000 });
    // A pull killed mid-download leaves its record unfinished in downloads.json and its .part.
    const launcher = path.resolve(import.meta.dirname, '..', '..', 'bin', 'hearth.mjs');
    const killed = spawn(process.execPath, [launcher, 'models', 'pull', 'hf.co/test/big-GGUF', '--data-dir', dataDir], { stdio: 'ignore', env: { ...process.env, HEARTH_LOG_LEVEL: 'silent' }, detached: true });
    const exited = new Promise((resolve) => killed.once('close', resolve));
    while (mirror.bytesServed(big) < 5_000_000) await sleep(50);
    // The launcher runs the CLI in a child process: kill the whole group, as a crash would end both.
    process.kill(-killed.pid!, 'SIGKILL');
    await exited;
    mirror.setFault(big, undefined);
    // The mirror notices the dead socket a moment later; count from when it has stopped writing.
    let servedBefore = -1;
    while (servedBefore !== mirror.bytesServed(big)) {
      servedBefore = mirror.bytesServed(big);
      await sleep(300);
    }
    // Its .part lock would go stale in 10 s (main/downloads/partLock.ts); drop it now, as staleness would.
    for (const name of await readdir(path.join(dataDir, 'models'))) if (name.endsWith('.lock')) await rm(path.join(dataDir, 'models', name), { recursive: true });
    // Slow enough that a resumed download of the big file would surely move meanwhile.
    mirror.setFault('test/tiny-GGUF/stories260K-Q4_K_M.gguf', { bytesPerSecond: 500_000 });
    const tiny = await models('pull', 'hf.co/test/tiny-GGUF');
    mirror.setFault('test/tiny-GGUF/stories260K-Q4_K_M.gguf', undefined);
    assert.equal(tiny.code, 0, tiny.stderr);
    assert.equal(mirror.bytesServed(big), servedBefore, 'the other download stayed where it was');
    assert.doesNotMatch(tiny.stdout, /big-Q4_K_M/);

    // Asked for, it resumes from its .part.
    const resumed = await models('pull', 'hf.co/test/big-GGUF');
    assert.equal(resumed.code, 0, resumed.stderr);
    const fileSize = statSync(testModelPath(testModels.bench)).size;
    assert.ok(mirror.bytesServed(big) < fileSize * 1.05, `${mirror.bytesServed(big)} bytes served for a ${fileSize}-byte file`);
    assert.ok(existsSync(path.join(dataDir, 'models', 'big-Q4_K_M.gguf')));
    await models('rm', 'big-Q4_K_M');
  });

  it('refuses a bad reference with a clear message', async () => {
    const bad = await models('pull', 'hf:test/tiny-GGUF/../../evil.gguf');
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /not an acceptable file path/);
  });
});
