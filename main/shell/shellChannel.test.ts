import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { testEncryption } from '../../test/testEncryption.js';
import { forkNodeRunner } from './forkNodeRunner.js';
import { forkNodeServer } from './forkNodeServer.js';
import { ServerProcess } from './ServerProcess.js';

const cliEntry = path.resolve(import.meta.dirname, '..', 'cli', 'index.ts');
const runnerEntry = path.join(import.meta.dirname, 'programRunner.ts');

test('the server started by the shell speaks through the shell’s program runners and keeps binding keys encrypted by it', async (t) => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-shell-channel-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  // A key from before encryption was available: the first start takes it in.
  await writeFile(path.join(dataDir, 'bindings.json'), JSON.stringify({ bindings: [{ id: 'b_before', name: 'before', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', models: [{ name: 'm' }], timeoutMs: 120_000, enabled: false, createdAt: new Date().toISOString() }] }));
  await writeFile(path.join(dataDir, 'binding-keys.json'), JSON.stringify({ b_before: 'sk-from-before' }));

  const stand = testEncryption();
  const launched: number[] = [];
  const launchRunner = forkNodeRunner(runnerEntry);
  const server = new ServerProcess({
    // As main/index.ts forks it, with child_process.fork in place of utilityProcess.fork.
    fork: forkNodeServer(cliEntry, process.execArgv, {
      encryption: stand.encryption,
      launchRunner: () => {
        const runner = launchRunner();
        launched.push(Date.now());
        return runner;
      },
    }),
    args: ['serve'],
    env: { ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_PORT: '0', HEARTH_GPU: 'false', HEARTH_LOG_LEVEL: 'warn', HEARTH_PROGRAM_NODE: '' },
  });
  t.after(() => server.stop());
  const status = await server.start();
  assert.equal(status.state, 'running', status.error);
  const call = (method: string, route: string, body?: unknown) =>
    fetch(`${status.url}${route}`, { method, headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  const speech = await call('POST', '/v1/audio/speech', { model: 'tts-1', voice: 'alloy', input: 'Spoken by a program the shell started.', response_format: 'wav' });
  assert.equal(speech.status, 200, await speech.clone().text());
  const wav = Buffer.from(await speech.arrayBuffer());
  assert.equal(wav.subarray(0, 4).toString(), 'RIFF');
  assert.ok(wav.length > 20_000);
  // HEARTH_PROGRAM_NODE is cleared above: without the shell, the server would have spawned a Node itself.
  assert.ok(launched.length >= 1, 'espeak ran in a runner the shell started');

  const created = await call('POST', '/v1/admin/bindings', { name: 'upstream', kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', apiKey: 'sk-typed-in-the-app', models: [{ name: 'm' }], enabled: false });
  assert.equal(created.status, 201, await created.clone().text());
  const { id, keyStorage, hasApiKey } = (await created.json()) as { id: string; keyStorage: string; hasApiKey: boolean };
  assert.deepEqual({ keyStorage, hasApiKey }, { keyStorage: 'safeStorage', hasApiKey: true });

  const encrypted = JSON.parse(await readFile(path.join(dataDir, 'binding-keys.encrypted.json'), 'utf8')) as Record<string, string>;
  assert.equal(await stand.open(encrypted[id]!), 'sk-typed-in-the-app');
  assert.equal(await stand.open(encrypted.b_before!), 'sk-from-before');
  assert.deepEqual(JSON.parse(await readFile(path.join(dataDir, 'binding-keys.json'), 'utf8')), {}, 'no key left in the clear');
});
