import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { keySecret } from '../../keys/hashKey.js';

/** One path per API family with the error shape it answers in. */
const families = [
  { path: '/v1/models', shape: 'openai' },
  { path: '/api/v1/models', shape: 'openai' },
  { path: '/ollama/v1/models', shape: 'openai' },
  { path: '/lollms/v1/models', shape: 'openai' },
  { path: '/api/tags', shape: 'ollama' },
  { path: '/ollama/api/tags', shape: 'ollama' },
  { path: '/models/current', shape: 'locallab' },
  { path: '/system/info', shape: 'locallab' },
  { path: '/generate', shape: 'locallab', method: 'POST' },
  { path: '/chat', shape: 'locallab', method: 'POST' },
  { path: '/generate/batch', shape: 'locallab', method: 'POST' },
  // The routers match without regard to case, so the check must too; the family is read from the
  // same normalized path (case folded, slashes collapsed) as the key check.
  { path: '/V1/models', shape: 'openai' },
  { path: '//v1/models', shape: 'openai' },
  { path: '/API/Tags', shape: 'ollama' },
] as const;

function assertUnauthorized(body: any, shape: string, where: string): void {
  const message: string = shape === 'openai' ? body.error?.message : shape === 'ollama' ? body.error : body.detail;
  if (shape !== 'locallab') assert.equal(body.detail, undefined, `${where}: no LocalLab shape`);
  assert.equal(typeof message, 'string', `${where}: ${JSON.stringify(body)}`);
  assert.match(message, /keys create/, where);
  if (shape === 'openai') {
    assert.equal(body.error.type, 'authentication_error', where);
    assert.equal(body.error.code, 'invalid_api_key', where);
  }
}

describe('auth with keys required', () => {
  let server: TestServer;
  let admin: string;
  let user: string;
  let revoked: string;
  let expired: string;
  before(async () => {
    // Limits have their own tests; here they would only get in the way of many quick calls.
    server = await startTestServer({ settings: { requireApiKeys: true, rateLimit: { enabled: false, requestsPerMinute: 60, burst: 10, maxConcurrentPerKey: 4 } } });
    admin = (await server.services.keys.create({ alias: 'admin', role: 'admin' })).key;
    user = (await server.services.keys.create({ alias: 'user' })).key;
    const old = await server.services.keys.create({ alias: 'old' });
    await server.services.keys.revoke(old.id);
    revoked = old.key;
    expired = (await server.services.keys.create({ alias: 'expired', expiresAt: new Date(Date.now() - 1000).toISOString() })).key;
  });
  after(() => server.close());

  const call = (route: string, headers: Record<string, string> = {}, method = 'GET') =>
    fetch(`${server.url}${route}`, { method, headers: { 'content-type': 'application/json', ...headers }, body: method === 'POST' ? '{}' : undefined });

  it('answers 401 in each family’s shape without a key, with a wrong one and with revoked or expired ones', async () => {
    const wrong = `${admin.slice(0, -4)}${admin.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`;
    for (const family of families) {
      const method = 'method' in family ? family.method : 'GET';
      const attempts: Array<Record<string, string>> = [{}, { authorization: `Bearer ${wrong}` }, { 'x-api-key': revoked }, { authorization: `Bearer ${expired}` }, { authorization: admin }];
      for (const headers of attempts) {
        const response = await call(family.path, headers, method);
        const where = `${method} ${family.path} ${JSON.stringify(headers).slice(0, 40)}`;
        assert.equal(response.status, 401, where);
        assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="hearth"');
        assertUnauthorized(await response.json(), family.shape, where);
      }
    }
  });

  it('gives unknown, wrong, revoked and expired keys the same answer', async () => {
    const bodies = new Set<string>();
    // The last character changed to one it is not (a fixed 'A' was the real key 1 time in 64).
    const wrongUser = `${user.slice(0, -1)}${user.endsWith('A') ? 'B' : 'A'}`;
    for (const key of [`hearth_0123456789abcdef_${'x'.repeat(43)}`, wrongUser, revoked, expired, 'not-a-key']) {
      const response = await call('/v1/models', { authorization: `Bearer ${key}` });
      bodies.add(`${response.status} ${await response.text()}`);
    }
    assert.equal(bodies.size, 1, [...bodies].join('\n'));
  });

  it('accepts a key as Bearer or X-API-Key on every family, through the openai client too', async () => {
    assert.equal((await call('/v1/models', { authorization: `Bearer ${user}` })).status, 200);
    assert.equal((await call('/v1/models', { authorization: `bearer ${user}` })).status, 200);
    assert.equal((await call('/v1/models', { 'x-api-key': user })).status, 200);
    for (const family of families) {
      const method = 'method' in family ? family.method : 'GET';
      for (const headers of [{ 'x-api-key': user }, { authorization: `Bearer ${user}` }] as Array<Record<string, string>>) {
        assert.notEqual((await call(family.path, headers, method)).status, 401, `${method} ${family.path} ${Object.keys(headers)[0]}`);
      }
    }
    const client = new OpenAI({ apiKey: user, baseURL: `${server.url}/v1`, maxRetries: 0 });
    const models = await client.models.list();
    assert.ok(Array.isArray(models.data));
    const stranger = new OpenAI({ apiKey: 'sk-nope', baseURL: `${server.url}/v1`, maxRetries: 0 });
    await assert.rejects(stranger.models.list(), (error: unknown) => error instanceof OpenAI.AuthenticationError && error.status === 401);
  });

  it('needs no key for /health, /ready and web UI pages, but does for other methods there', async () => {
    const health = await call('/health');
    assert.equal(health.status, 200);
    assert.equal(((await health.json()) as { status: string }).status, 'healthy');
    assert.notEqual((await call('/ready')).status, 401);
    assert.notEqual((await call('/')).status, 401);
    assert.notEqual((await call('/assets/index.js')).status, 401);
    assert.equal((await call('/anything', {}, 'POST')).status, 401);
  });

  it('answers 403 to a user key on admin routes and serves admin keys', async () => {
    for (const [method, route] of [['GET', '/v1/admin/models/stats'], ['GET', '/v1/admin/requests'], ['GET', '/v1/admin/keys'], ['POST', '/v1/admin/keys']]) {
      const response = await call(route!, { authorization: `Bearer ${user}` }, method);
      assert.equal(response.status, 403, route);
      const body = (await response.json()) as { error: { type: string; message: string } };
      assert.equal(body.error.type, 'permission_error');
      assert.match(body.error.message, /--role admin/);
      assert.equal((await call(route!, { authorization: `Bearer ${admin}` }, method === 'POST' ? 'GET' : method)).status, 200, route);
    }
    const client = new OpenAI({ apiKey: user, baseURL: `${server.url}/v1`, maxRetries: 0 });
    await assert.rejects(client.get('/admin/models/stats'), (error: unknown) => error instanceof OpenAI.PermissionDeniedError);
  });

  it('shows a new key once: never in the list, never on disk', async () => {
    const headers = { authorization: `Bearer ${admin}` };
    const created = await fetch(`${server.url}/v1/admin/keys`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ alias: 'over-http', rateLimit: { requestsPerMinute: 5 } }),
    });
    assert.equal(created.status, 201);
    const { key, id } = (await created.json()) as { key: string; id: string };
    const secret = keySecret(key)!;
    assert.equal((await call('/v1/models', { authorization: `Bearer ${key}` })).status, 200);

    const list = await (await call('/v1/admin/keys', headers)).text();
    assert.ok(list.includes(id));
    assert.ok(!list.includes(secret));
    const again = (await (await call(`/v1/admin/keys`, headers)).json()) as { data: Array<Record<string, unknown>> };
    assert.ok(again.data.every((entry) => !('key' in entry)));

    await server.services.keys.close(); // flush usage counters so every file is on disk
    const hex = Buffer.from(secret, 'base64url').toString('hex');
    for (const name of await readdir(server.dataDir)) {
      if (!name.startsWith('keys')) continue;
      const text = await readFile(path.join(server.dataDir, name), 'utf8');
      assert.ok(!text.includes(secret) && !text.includes(hex), `${name} holds the secret`);
    }
  });

  it('revokes and deletes over HTTP, and refuses malformed requests', async () => {
    const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
    const created = (await (await fetch(`${server.url}/v1/admin/keys`, { method: 'POST', headers, body: '{"alias":"temp"}' })).json()) as { key: string; id: string };
    const revokedNow = await fetch(`${server.url}/v1/admin/keys/${created.id}/revoke`, { method: 'POST', headers });
    assert.equal(revokedNow.status, 200);
    assert.equal(((await revokedNow.json()) as { status: string }).status, 'revoked');
    assert.equal((await call('/v1/models', { authorization: `Bearer ${created.key}` })).status, 401);
    assert.equal((await fetch(`${server.url}/v1/admin/keys/${created.id}`, { method: 'DELETE', headers })).status, 200);
    assert.equal((await fetch(`${server.url}/v1/admin/keys/${created.id}`, { method: 'DELETE', headers })).status, 404);
    const bad = await fetch(`${server.url}/v1/admin/keys`, { method: 'POST', headers, body: '{"alias":"x","role":"root"}' });
    assert.equal(bad.status, 400);
    assert.equal(((await bad.json()) as { error: { param: string } }).error.param, 'role');
  });
});

describe('auth with keys turned off', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ settings: { requireApiKeys: false } });
  });
  after(() => server.close());

  it('serves every route without a key, admin ones included', async () => {
    const client = new OpenAI({ apiKey: 'unused', baseURL: `${server.url}/v1`, maxRetries: 0 });
    assert.ok(Array.isArray((await client.models.list()).data));
    assert.equal((await fetch(`${server.url}/v1/admin/keys`)).status, 200);
  });
});

describe("the desktop shell's per-run token", () => {
  const token = 'shell-token-0123456789abcdef0123456789abcdef';
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ settings: { requireApiKeys: true }, shellToken: token });
  });
  after(() => server?.close());

  it('is an admin credential when keys are required; anything else is refused', async () => {
    const withToken = await fetch(`${server.url}/v1/admin/keys`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(withToken.status, 200);
    const wrong = await fetch(`${server.url}/v1/admin/keys`, { headers: { authorization: `Bearer ${token}x` } });
    assert.equal(wrong.status, 401);
    const none = await fetch(`${server.url}/v1/models`);
    assert.equal(none.status, 401);
  });
});
