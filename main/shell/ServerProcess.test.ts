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
