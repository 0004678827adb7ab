import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RequestRecord } from '../../../common/stats.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';

describe('GET /v1/admin/requests', () => {
  let server: TestServer;
  let admin: string;
  before(async () => {
    server = await startTestServer({ settings: { requireApiKeys: true, requestLogSize: 3 } });
    admin = (await server.services.keys.create({ alias: 'boss', role: 'admin', rateLimit: { burst: 100 } })).key;
  });
  after(() => server.close());

  const log = async (query = '') => {
    const response = await fetch(`${server.url}/v1/admin/requests${query}`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(response.status, 200);
    return ((await response.json()) as { data: RequestRecord[] }).data;
  };
  const chat = (headers: Record<string, string>, content: string) =>
    fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ model: 'missing', messages: [{ role: 'user', content }] }),
    });

  it('keeps the newest requests, failed ones included, without prompt text by default', async () => {
    await chat({}, 'who am I');
    await chat({ authorization: `Bearer ${admin}` }, 'tell me a secret');
    await fetch(`${server.url}/health`);
    const entries = await log();
    assert.deepEqual(
      entries.slice(0, 2).map((entry) => [entry.status, entry.keyAlias, entry.route, entry.error]),
      [
        [404, 'boss', '/v1/chat/completions', 'not_found_error'],
        [401, null, '/v1/chat/completions', 'authentication_error'],
      ],
    );
    assert.ok(entries.every((entry) => !('prompt' in entry)));
    assert.ok(!JSON.stringify(entries).includes('secret'));
    assert.ok(entries.every((entry) => entry.route !== '/health' && !entry.route.startsWith('/v1/admin')));
    assert.match(entries[0]!.requestId, /^[0-9a-f-]{36}$/);
  });

  it('holds at most requestLogSize entries and honours limit', async () => {
    for (let i = 0; i < 5; i++) await chat({ authorization: `Bearer ${admin}` }, 'x');
    assert.equal((await log()).length, 3);
    assert.equal((await log('?limit=1')).length, 1);
    const bad = await fetch(`${server.url}/v1/admin/requests?limit=0`, { headers: { authorization: `Bearer ${admin}` } });
    assert.equal(bad.status, 400);
  });

  it('keeps prompt text only when logPrompts asks for it', async () => {
    await server.services.settings.update({ logPrompts: true });
    try {
      await chat({ authorization: `Bearer ${admin}` }, 'remember this line');
      assert.match((await log('?limit=1'))[0]!.prompt ?? '', /remember this line/);
    } finally {
      await server.services.settings.update({ logPrompts: false });
    }
  });
});
