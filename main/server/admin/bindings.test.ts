import assert from 'node:assert/strict';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Socket } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { BindingSummary, BindingTestResult } from '../../../common/bindings.js';
import type { HearthError } from '../../../common/errors.js';
import { ipcCalls, type IpcCallContext } from '../../../common/ipc/contract.js';
import { createHttpCalls } from '../../../common/ipc/httpCalls.js';
import { runHearth } from '../../../test/spawnHearth.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('/v1/admin/bindings and `hearth bindings`', () => {
  let server: TestServer;
  let admin: string;
  let user: string;
  const secret = 'sk-very-secret-upstream-key';

  const call = (method: string, route: string, body?: unknown, key: string | null = admin) =>
    fetch(`${server.url}${route}`, {
      method,
      headers: { ...(key && { authorization: `Bearer ${key}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? null : JSON.stringify(body),
    });

  before(async () => {
    server = await startTestServer({ settings: { requireApiKeys: true } });
    admin = (await server.services.keys.create({ alias: 'admin', role: 'admin' })).key;
    user = (await server.services.keys.create({ alias: 'user' })).key;
    // These tests send bursts of admin calls; limits have their own test (bindings.model.test.ts).
    await server.services.settings.update({ rateLimit: { ...server.services.settings.get().rateLimit, enabled: false } });
  });
  after(() => server?.close());

  test('admin only; the key is stored 0600 apart from the binding and never returned', async () => {
    const body = { name: 'vllm', kind: 'openai', baseUrl: 'http://127.0.0.1:1/v1/', apiKey: secret, models: [{ name: 'meta/llama', alias: 'llama' }] };
    assert.equal((await call('POST', '/v1/admin/bindings', body, null)).status, 401);
    assert.equal((await call('POST', '/v1/admin/bindings', body, user)).status, 403);
    const created = await call('POST', '/v1/admin/bindings', body);
    assert.equal(created.status, 201);
    const text = await created.text();
    assert.ok(!text.includes(secret));
    const binding = JSON.parse(text) as BindingSummary;
    assert.equal(binding.baseUrl, 'http://127.0.0.1:1/v1');
    assert.equal(binding.hasApiKey, true);
    assert.equal(binding.keyStorage, 'file');

    const keyFile = path.join(server.dataDir, 'binding-keys.json');
    if (process.platform !== 'win32') assert.equal((await stat(keyFile)).mode & 0o777, 0o600);
    assert.equal(JSON.parse(await readFile(keyFile, 'utf8'))[binding.id], secret);
    assert.ok(!(await readFile(path.join(server.dataDir, 'bindings.json'), 'utf8')).includes(secret));
    const listed = await (await call('GET', '/v1/admin/bindings')).text();
    assert.ok(!listed.includes(secret));
    assert.equal((JSON.parse(listed) as { data: BindingSummary[] }).data.length, 1);

    const patched = (await (await call('PATCH', `/v1/admin/bindings/${binding.id}`, { apiKey: null, name: 'vllm-2' })).json()) as BindingSummary;
    assert.equal(patched.name, 'vllm-2');
    assert.equal(patched.hasApiKey, false);
    assert.equal(JSON.parse(await readFile(keyFile, 'utf8'))[binding.id], undefined);
    assert.equal((await call('DELETE', `/v1/admin/bindings/${binding.id}`)).status, 200);
    assert.equal((await call('DELETE', `/v1/admin/bindings/${binding.id}`)).status, 404);
  });

  test('the IPC calls the UIs make answer within the contract', async () => {
    const handlers = createHttpCalls({ baseUrl: () => server.url, apiKey: () => admin });
    const run = async <N extends 'bindings:list' | 'bindings:create' | 'bindings:update' | 'bindings:delete' | 'bindings:test'>(name: N, input: unknown) =>
      ipcCalls[name].output.parse(await (handlers[name] as (input: unknown, context: IpcCallContext) => Promise<unknown>)(ipcCalls[name].input.parse(input), { emit: () => {} }));
    const created = (await run('bindings:create', { name: 'ipc', kind: 'ollama', baseUrl: 'http://127.0.0.1:1', apiKey: 'k', models: [{ name: 'm' }] })) as BindingSummary;
    assert.equal(created.hasApiKey, true);
    const updated = (await run('bindings:update', { id: created.id, patch: { enabled: false, timeoutMs: 5000 } })) as BindingSummary;
    assert.equal(updated.enabled, false);
    assert.ok(((await run('bindings:list', {})) as BindingSummary[]).some((b) => b.id === created.id && b.timeoutMs === 5000));
    assert.equal(((await run('bindings:test', { id: created.id })) as BindingTestResult).ok, false);
    await run('bindings:delete', { id: created.id });
    await assert.rejects(run('bindings:delete', { id: created.id }), (error: HearthError) => error.status === 404);
  });

  test('invalid input is a 400 naming the field', async () => {
    const response = await call('POST', '/v1/admin/bindings', { name: 'x', kind: 'tgi', baseUrl: 'ftp://x', models: [] });
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /kind|baseUrl|models/);
  });

  test('the connection test sends the key and reports what the upstream lists', async () => {
    // This very server as the upstream: it requires a key, so only a sent key gets a model list.
    const self = (await (await call('POST', '/v1/admin/bindings', { name: 'self', kind: 'openai', baseUrl: `${server.url}/v1`, apiKey: user, models: [{ name: 'anything' }] })).json()) as BindingSummary;
    const ok = (await (await call('POST', `/v1/admin/bindings/${self.id}/test`, {})).json()) as BindingTestResult;
    assert.equal(ok.ok, true, ok.error);
    assert.ok(ok.models.includes('anything'), JSON.stringify(ok.models));
    await call('PATCH', `/v1/admin/bindings/${self.id}`, { apiKey: 'wrong' });
    const refused = (await (await call('POST', `/v1/admin/bindings/${self.id}/test`, {})).json()) as BindingTestResult;
    assert.equal(refused.ok, false);
    assert.match(refused.error!, /not valid/);
    await call('DELETE', `/v1/admin/bindings/${self.id}`);

    const port = await closedPort();
    const down = (await (await call('POST', '/v1/admin/bindings', { name: 'down', kind: 'ollama', baseUrl: `http://127.0.0.1:${port}`, models: [{ name: 'llama3' }] })).json()) as BindingSummary;
    const failedResponse = await call('POST', `/v1/admin/bindings/${down.id}/test`, {});
    const failed = (await failedResponse.json()) as BindingTestResult;
    assert.equal(failedResponse.status, 200, JSON.stringify(failed));
    assert.equal(failed.ok, false);
    assert.match(failed.error!, new RegExp(`'down' at http://127.0.0.1:${port} is unreachable`));
  });

  test('an unreachable upstream is a 502 naming it, in each family\'s error shape', async () => {
    const models = (await (await call('GET', '/v1/models')).json()) as { data: { id: string; owned_by: string }[] };
    assert.equal(models.data.find((m) => m.id === 'llama3')?.owned_by, 'down');
    const openai = await call('POST', '/v1/chat/completions', { model: 'llama3', messages: [{ role: 'user', content: 'Hi' }] }, user);
    assert.equal(openai.status, 502);
    assert.match(((await openai.json()) as { error: { message: string } }).error.message, /'down' at http:\/\/127\.0\.0\.1:\d+ is unreachable/);
    const ollama = await call('POST', '/api/chat', { model: 'llama3', messages: [{ role: 'user', content: 'Hi' }], stream: false }, user);
    assert.equal(ollama.status, 502);
    assert.match(((await ollama.json()) as { error: string }).error, /'down' at/);
    const unload = await call('POST', '/api/generate', { model: 'llama3', keep_alive: 0 }, user);
    assert.equal(unload.status, 501);
  });

  test('an upstream that accepts but never answers times out as a 502 naming it', async () => {
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      await call('POST', '/v1/admin/bindings', { name: 'silent', kind: 'openai', baseUrl: `http://127.0.0.1:${port}/v1`, timeoutMs: 1000, models: [{ name: 'slow' }] });
      const started = Date.now();
      const response = await call('POST', '/v1/completions', { model: 'slow', prompt: 'Hi' }, user);
      assert.equal(response.status, 502);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, /'silent' at .* did not answer within 1000 ms/);
      assert.ok(Date.now() - started < 5000);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  test('the CLI adds, lists, tests and removes bindings a running server picks up', async () => {
    const hearth = (args: string[], env: Record<string, string> = {}) => runHearth(['bindings', ...args, '--data-dir', server.dataDir], env);
    const added = await hearth(['add', '--name', 'cli-upstream', '--kind', 'openai', '--url', `${server.url}/v1`, '--model', 'org/model=cli-model', '--api-key-env', 'UPSTREAM_KEY', '--json'], { UPSTREAM_KEY: user });
    assert.equal(added.code, 0, added.stderr);
    const binding = JSON.parse(added.stdout) as BindingSummary;
    assert.equal(binding.hasApiKey, true);
    assert.ok(!added.stdout.includes(user));
    let seen: BindingSummary | undefined;
    for (let i = 0; i < 40 && !seen; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      seen = ((await (await call('GET', '/v1/admin/bindings')).json()) as { data: BindingSummary[] }).data.find((b) => b.id === binding.id);
    }
    assert.ok(seen, 'the server picked up the binding the CLI added');
    const listed = await hearth(['list']);
    assert.match(listed.stdout, new RegExp(`${binding.id}\\s+cli-upstream\\s+openai`));
    const tested = await hearth(['test', binding.id]);
    assert.equal(tested.code, 0, tested.stdout + tested.stderr);
    assert.match(tested.stdout, /OK in \d+ ms.*cli-model/);
    const removed = await hearth(['remove', binding.id]);
    assert.equal(removed.code, 0, removed.stderr);
    assert.match(removed.stdout, /Removed/);
  });
});
