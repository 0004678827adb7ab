import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ServerStatus } from '../../common/ipc/contract.js';
import { ServerProcess } from './ServerProcess.js';
import { forkNodeServer } from './forkNodeServer.js';

/** Real child processes that behave like the server entry does at its edges: a URL line, or an error and exit 1. */
async function script(t: import('node:test').TestContext, source: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-shell-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'entry.mjs');
  await writeFile(file, source);
  return file;
}

const listening = `
console.error(JSON.stringify({ level: 30, msg: 'starting' }));
console.log('Hearth listening on http://127.0.0.1:45678');
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
`;

test('reports running with the URL the server printed, then stopped', async (t) => {
  const entry = await script(t, listening);
  const server = new ServerProcess({ fork: forkNodeServer(entry), args: ['serve'] });
  const seen: ServerStatus['state'][] = [];
  server.on('status', (status) => seen.push(status.state));
  const status = await server.start();
  t.after(() => server.stop());
  assert.deepEqual(status, { state: 'running', url: 'http://127.0.0.1:45678', needsApiKey: false });
  assert.deepEqual(seen, ['starting', 'running']);
  assert.ok(server.token.length >= 40, 'a token with at least 32 random bytes');

  await server.stop();
  assert.equal(server.status.state, 'stopped');
  assert.deepEqual(seen, ['starting', 'running', 'stopped']);
});

test('the child sees UV_THREADPOOL_SIZE=1 and the token, even when the parent has another pool size', async (t) => {
  const entry = await script(t, listening.replace("console.log('Hearth listening", "if (process.env.UV_THREADPOOL_SIZE !== '1' || !process.env.HEARTH_SHELL_TOKEN) process.exit(3);\nconsole.log('Hearth listening"));
  const parentPoolSize = process.env.UV_THREADPOOL_SIZE;
  process.env.UV_THREADPOOL_SIZE = '4';
  t.after(() => {
    process.env.UV_THREADPOOL_SIZE = parentPoolSize;
  });
  const server = new ServerProcess({ fork: forkNodeServer(entry), args: [] });
  t.after(() => server.stop());
  assert.equal((await server.start()).state, 'running');
});

test('a busy port is explained in words', async (t) => {
  const entry = await script(t, `console.error('listen EADDRINUSE: address already in use 127.0.0.1:9642'); process.exit(1);`);
  const server = new ServerProcess({ fork: forkNodeServer(entry), args: [] });
  const status = await server.start();
  assert.equal(status.state, 'error');
  assert.match(status.error ?? '', /Port 9642 is already in use/);
});

test('any other start failure shows the last message the server wrote', async (t) => {
  const entry = await script(
    t,
    `console.error(JSON.stringify({ level: 30, msg: 'x' })); console.error('Settings file /tmp/x/settings.json is not valid: Unexpected token. Fix or delete it to start with defaults.'); process.exit(1);`,
  );
  const server = new ServerProcess({ fork: forkNodeServer(entry), args: [] });
  const status = await server.start();
  assert.equal(status.state, 'error');
  assert.match(status.error ?? '', /settings\.json is not valid/);
});

test('a server that never prints its URL times out with an error', async (t) => {
  const entry = await script(t, `setInterval(() => {}, 1000);`);
  const server = new ServerProcess({ fork: forkNodeServer(entry), args: [], startTimeoutMs: 300 });
  const status = await server.start();
  assert.equal(status.state, 'error');
  assert.match(status.error ?? '', /did not start in time/);
});

test('a server that crashes while running is started again with growing delays, and says so', async (t) => {
  // Each run counts itself in a file, listens, and the first two runs crash a moment later.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-shell-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  const counter = path.join(dir, 'runs');
  const entry = await script(
    t,
    `import { readFileSync, writeFileSync } from 'node:fs';
const file = ${JSON.stringify(counter)};
let runs = 0; try { runs = Number(readFileSync(file, 'utf8')); } catch {}
writeFileSync(file, String(runs + 1));
console.log('Hearth listening on http://127.0.0.1:45678');
process.on('SIGTERM', () => process.exit(0));
if (runs < 2) setTimeout(() => { console.error('out of memory'); process.exit(7); }, 50);
setInterval(() => {}, 1000);`,
  );
  const server = new ServerProcess({ fork: forkNodeServer(entry), args: [], restartOnCrash: { minMs: 100, maxMs: 1000 } });
  const seen: ServerStatus[] = [];
  server.on('status', (status) => seen.push(status));
  t.after(() => server.stop());
  await server.start();
  const deadline = Date.now() + 15_000;
  while (seen.filter((status) => status.state === 'running').length < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  const restarts = seen.filter((status) => status.restart);
  assert.equal(restarts.length, 2, JSON.stringify(seen));
  assert.deepEqual(restarts.map((status) => status.restart!.attempt), [1, 2]);
  assert.match(restarts[0]!.error ?? '', /out of memory.*starts it again in 1 s/);
  // The second wait is twice the first.
  const waits = restarts.map((status) => status.restart!.at);
  assert.ok(waits[1]! - waits[0]! >= 200, 'the delay grows');
  assert.equal(server.status.state, 'running');
});

test('restart() stops the server and starts it again; a failed start is not retried', async (t) => {
  const entry = await script(t, listening);
  const server = new ServerProcess({ fork: forkNodeServer(entry), args: [], restartOnCrash: { minMs: 50, maxMs: 100 } });
  t.after(() => server.stop());
  await server.start();
  const seen: string[] = [];
  server.on('status', (status) => seen.push(status.state));
  assert.equal((await server.restart()).state, 'running');
  assert.deepEqual(seen, ['stopped', 'starting', 'running']);

  const failing = await script(t, `console.error('bad settings'); process.exit(1);`);
  const broken = new ServerProcess({ fork: forkNodeServer(failing), args: [], restartOnCrash: { minMs: 50, maxMs: 100 } });
  assert.equal((await broken.start()).state, 'error');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(broken.status.state, 'error');
  assert.equal(broken.status.restart, undefined);
});
