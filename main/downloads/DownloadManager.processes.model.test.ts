import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DownloadRecord } from '../../common/downloads.js';
import { startHfMirror, type HfMirror } from '../../test/fixtures/hfMirror.js';
import { runHearth, spawnHearthServer, type SpawnedServer } from '../../test/spawnHearth.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';
import { sha256OfFile } from './verifyFile.js';

// Real `hearth serve` and `hearth models` processes on one data and models dir, as a user runs them side by side.
describe('downloads across Hearth processes', { skip: missingTestModels([testModels.tiny, testModels.bench]) }, () => {
  const tinyKey = 'test/tiny-GGUF/stories260K-Q4_K_M.gguf';
  const benchKey = 'test/bench-GGUF/bench-135M-Q4_K_M.gguf';
  let mirror: HfMirror;
  const roots: string[] = [];
  const servers: SpawnedServer[] = [];

  before(async () => {
    mirror = await startHfMirror({
      'test/tiny-GGUF': { files: { 'stories260K-Q4_K_M.gguf': testModelPath(testModels.tiny) } },
      'test/bench-GGUF': { files: { 'bench-135M-Q4_K_M.gguf': testModelPath(testModels.bench) } },
    });
  });
  after(async () => {
    await Promise.all(servers.map((s) => s.killHard()));
    await mirror.close();
    for (const root of roots) await rm(root, { recursive: true, force: true });
  });

  async function dirs() {
    const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-dl-procs-'));
    roots.push(root);
    const dataDir = path.join(root, 'data');
    const modelsDir = path.join(dataDir, 'models');
    return { modelsDir, args: ['--data-dir', dataDir, '--models-dir', modelsDir] };
  }
  const env = () => ({ HEARTH_HF_ENDPOINT: mirror.url });
  async function serve(args: string[]) {
    const server = await spawnHearthServer([...args, '--no-auth'], 60_000, env());
    servers.push(server);
    return server;
  }
  async function pull(server: SpawnedServer, ref: string): Promise<string> {
    const response = await fetch(`${server.url}/v1/admin/downloads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref }) });
    assert.equal(response.status, 202, await response.clone().text());
    return ((await response.json()) as DownloadRecord).id;
  }
  async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined>): Promise<T> {
    const deadline = Date.now() + ms;
    for (;;) {
      const value = await probe();
      if (value !== undefined) return value;
      if (Date.now() > deadline) assert.fail(`${what}: not within ${ms} ms`);
      await sleep(50);
    }
  }
  const fileGets = (key: string) => mirror.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/cdn/') && r.path.endsWith(`/${path.basename(key)}`));
  const partSize = (file: string) => stat(`${file}.part`).then((s) => s.size, () => 0);
  /** A fresh server pulling ref from a throttled mirror, once `fraction` of the file is in its .part. */
  async function serverMidDownload(key: string, model: string, ref: string, bytesPerSecond: number, fraction: number) {
    const size = (await stat(model)).size;
    mirror.setFault(key, { bytesPerSecond });
    const { modelsDir, args } = await dirs();
    const server = await serve(args);
    const id = await pull(server, ref);
    const file = path.join(modelsDir, path.basename(key));
    await until(`the server has written ${fraction} of the file`, 30_000, async () => ((await partSize(file)) > size * fraction ? true : undefined));
    return { size, modelsDir, args, server, id, file };
  }
  const completed = (server: SpawnedServer, id: string) =>
    until(`download ${id} completes`, 90_000, async () => {
      const record = (await (await fetch(`${server.url}/v1/admin/downloads/${id}`)).json()) as DownloadRecord;
      assert.notEqual(record.state, 'failed', record.error?.message);
      return record.state === 'completed' ? record : undefined;
    });

  test('`models pull` of a file the server is downloading waits for it, never writes it too, and finds it complete', async () => {
    const { size, modelsDir, args, server, id, file } = await serverMidDownload(tinyKey, testModelPath(testModels.tiny), 'hf.co/test/tiny-GGUF', 300_000, 0.1);

    const cli = await runHearth(['models', 'pull', 'hf.co/test/tiny-GGUF', ...args], env());
    assert.equal(cli.code, 0, cli.stderr);
    assert.match(cli.stdout, /Pulled stories260K-Q4_K_M/);
    await completed(server, id);
    mirror.setFault(tinyKey, undefined);

    assert.equal(await sha256OfFile(file), mirror.sha256Of(tinyKey));
    assert.equal(fileGets(tinyKey).length, 1, 'one process fetched the bytes');
    assert.equal(mirror.bytesServed(tinyKey), size);
    assert.deepEqual(await readdir(modelsDir), ['stories260K-Q4_K_M.gguf'], 'no .part or lock left');
  });

  test('after SIGKILL mid-download a new server resumes the queue from the .part, past the dead lock', async () => {
    const { size, modelsDir, args, server: first, id, file } = await serverMidDownload(benchKey, testModelPath(testModels.bench), 'hf:test/bench-GGUF/bench-135M-Q4_K_M.gguf', 20_000_000, 1 / 3);
    await first.killHard();
    const atKill = await partSize(file);
    assert.ok(atKill > size / 3 && atKill < size, `${atKill} of ${size} bytes at the kill`);
    mirror.setFault(benchKey, undefined);

    const second = await serve(args);
    const done = await completed(second, id);
    assert.equal(done.receivedBytes, size);
    const starts = fileGets(benchKey).map((r) => r.range);
    assert.deepEqual(starts.slice(-1), [`bytes=${atKill}-`], 'asked for the rest only');
    // Bytes in flight when the process died were sent but never written: a little more than the file, never twice it.
    const served = mirror.bytesServed(benchKey);
    assert.ok(served >= size && served < size * 1.05, `served ${served} bytes for a ${size}-byte file`);
    assert.equal(await sha256OfFile(file), mirror.sha256Of(benchKey));
    assert.deepEqual(await readdir(modelsDir), ['bench-135M-Q4_K_M.gguf']);
  });
});
