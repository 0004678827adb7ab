import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { httpRequest } from '../../../test/httpRequest.js';
import { runHearth } from '../../../test/spawnHearth.js';
import { hostName } from './hostCheck.js';

describe('hostName', () => {
  it('strips ports, brackets and the root dot', () => {
    assert.equal(hostName('LocalHost:9642'), 'localhost');
    assert.equal(hostName('localhost.'), 'localhost');
    assert.equal(hostName('[::1]:9642'), '::1');
    assert.equal(hostName('::1'), '::1');
    assert.equal(hostName('[::1'), '');
    assert.equal(hostName('box.lan'), 'box.lan');
  });
});

describe('host and origin checks', () => {
  let server: TestServer;
  let port: string;
  before(async () => {
    server = await startTestServer({
      settings: { allowedHosts: ['Box.lan:9642'], corsOrigins: ['http://app.local:3000/'], bodyLimitBytes: 1024 },
    });
    port = new URL(server.url).port;
  });
  after(() => server.close());

  const get = (headers: Record<string, string>, path = '/v1/models') => httpRequest(`${server.url}${path}`, { headers });

  it('refuses a Host that is not loopback or configured, as a rebinding page sends', async () => {
    for (const host of ['evil.example', `evil.example:${port}`, 'localhost.evil.example', '127.0.0.1.nip.io']) {
      const response = await get({ host });
      assert.equal(response.status, 403, host);
      assert.equal(response.json().error.type, 'permission_error');
    }
    const ollama = await get({ host: 'evil.example' }, '/api/tags');
    assert.equal(ollama.status, 403);
    assert.equal(typeof ollama.json().error, 'string');
  });

  it('lets loopback names, IP literals and configured hosts through', async () => {
    for (const host of [`localhost:${port}`, 'localhost.', `[::1]:${port}`, `127.0.0.1:${port}`, '192.168.1.20', 'box.lan', `BOX.LAN:${port}`, 'app.localhost']) {
      assert.equal((await get({ host })).status, 200, host);
    }
  });

  it('gives no CORS allowance to other origins and refuses their requests', async () => {
    for (const origin of ['http://evil.example', 'null', 'http://app.local:3001', 'https://app.local:3000']) {
      const response = await get({ origin });
      assert.equal(response.status, 403, origin);
      assert.equal(response.headers['access-control-allow-origin'], undefined, origin);
    }
    // A simple cross-site POST (no preflight) must not run either.
    const post = await httpRequest(`${server.url}/v1/admin/keys`, {
      method: 'POST',
      headers: { origin: 'http://evil.example', 'content-type': 'text/plain' },
      body: '{"alias":"pwned","role":"admin"}',
    });
    assert.equal(post.status, 403);
    assert.deepEqual(server.services.keys.list(), []);
  });

  it('allows configured origins and the server’s own, never with a wildcard', async () => {
    const allowed = await get({ origin: 'http://app.local:3000' });
    assert.equal(allowed.status, 200);
    assert.equal(allowed.headers['access-control-allow-origin'], 'http://app.local:3000');
    assert.match(String(allowed.headers['access-control-expose-headers']), /x-ratelimit-remaining-requests/);
    assert.match(String(allowed.headers.vary), /Origin/);

    const own = await get({ origin: server.url });
    assert.equal(own.status, 200);
    assert.equal(own.headers['access-control-allow-origin'], server.url);

    const preflight = await httpRequest(`${server.url}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://app.local:3000', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], 'http://app.local:3000');
    assert.match(String(preflight.headers['access-control-allow-headers']), /authorization/);
  });

  it('answers 413 to a body over the limit', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'x', messages: [{ role: 'user', content: 'a'.repeat(4096) }] }),
    });
    assert.equal(response.status, 413);
    assert.equal(((await response.json()) as { error: { type: string } }).error.type, 'invalid_request_error');
  });
});

describe("corsOrigins: '*' is refused, not read as every origin", () => {
  it('in saved settings: the server does not start, and says why', async () => {
    await assert.rejects(startTestServer({ settings: { corsOrigins: ['*'] } }), /'\*' and wildcards are refused/);
    await assert.rejects(startTestServer({ settings: { corsOrigins: ['https://*.example.com'] } }), /wildcards are refused/);
  });

  it('when changed while running: the change is refused and the old list stays', async () => {
    const server = await startTestServer({ settings: { corsOrigins: ['http://app.local:3000'] } });
    try {
      await assert.rejects(server.services.settings.update({ corsOrigins: ['*'] }), /'\*' and wildcards are refused/);
      assert.deepEqual(server.services.settings.get().corsOrigins, ['http://app.local:3000']);
      const stranger = await httpRequest(`${server.url}/v1/models`, { headers: { origin: 'http://evil.example' } });
      assert.equal(stranger.status, 403);
      assert.equal(stranger.headers['access-control-allow-origin'], undefined);
    } finally {
      await server.close();
    }
  });

  it('from HEARTH_CORS_ORIGINS: serve exits with the reason', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-cors-'));
    try {
      const result = await runHearth(['serve', '--port', '0', '--data-dir', path.join(root, 'd'), '--models-dir', path.join(root, 'm')], { HEARTH_CORS_ORIGINS: '*' });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /wildcards are refused/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
