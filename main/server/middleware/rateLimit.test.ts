import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import OpenAI from 'openai';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { formatDuration } from './rateLimit.js';

describe('rate limits', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ settings: { requireApiKeys: true } });
  });
  after(() => server.close());

  const get = (key: string) => fetch(`${server.url}/v1/models`, { headers: { authorization: `Bearer ${key}` } });

  it('lets a burst of 10 through, answers the 11th with 429 and Retry-After, then again after the wait', async () => {
    const { key } = await server.services.keys.create({ alias: 'burst' });
    const responses = await Promise.all(Array.from({ length: 11 }, () => get(key)));
    const statuses = responses.map((response) => response.status).sort();
    assert.deepEqual(statuses, [...Array(10).fill(200), 429]);
    for (const response of responses) {
      assert.equal(response.headers.get('x-ratelimit-limit-requests'), '60');
      assert.match(response.headers.get('x-ratelimit-remaining-requests') ?? '', /^\d+$/);
      assert.match(response.headers.get('x-ratelimit-reset-requests') ?? '', /^[\d.]+s$/);
    }
    const refused = responses.find((response) => response.status === 429)!;
    const retryAfter = Number(refused.headers.get('retry-after'));
    assert.ok(retryAfter >= 1 && retryAfter <= 2, `Retry-After ${retryAfter}`);
    const body = (await refused.json()) as { error: { type: string; code: string } };
    assert.equal(body.error.type, 'rate_limit_error');
    assert.equal(body.error.code, 'rate_limit_exceeded');

    await sleep(retryAfter * 1000);
    assert.equal((await get(key)).status, 200);
  });

  it('leaves admin reads (the UI\'s lists and event feed) out of the bucket; admin writes still count', async () => {
    const { key } = await server.services.keys.create({ alias: 'ui', role: 'admin', rateLimit: { burst: 2, requestsPerMinute: 1 } });
    const headers = { authorization: `Bearer ${key}` };
    const reads = await Promise.all(Array.from({ length: 6 }, () => fetch(`${server.url}/v1/admin/requests?limit=1`, { headers })));
    assert.deepEqual(reads.map((response) => response.status), Array(6).fill(200));
    const writes = await Promise.all(Array.from({ length: 3 }, (_, i) => fetch(`${server.url}/v1/admin/keys`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ alias: `w${i}` }) })));
    assert.deepEqual(writes.map((response) => response.status).sort(), [201, 201, 429]);
  });

  it('is a 429 the openai client recognises', async () => {
    const { key } = await server.services.keys.create({ alias: 'sdk', rateLimit: { burst: 1 } });
    const client = new OpenAI({ apiKey: key, baseURL: `${server.url}/v1`, maxRetries: 0 });
    await client.models.list();
    await assert.rejects(client.models.list(), (error: unknown) => error instanceof OpenAI.RateLimitError);
  });

  it('keeps keys apart and honours per-key limits', async () => {
    const small = await server.services.keys.create({ alias: 'small', rateLimit: { requestsPerMinute: 6, burst: 2 } });
    const other = await server.services.keys.create({ alias: 'other' });
    assert.equal((await get(small.key)).status, 200);
    assert.equal((await get(small.key)).status, 200);
    const third = await get(small.key);
    assert.equal(third.status, 429);
    assert.equal(third.headers.get('x-ratelimit-limit-requests'), '6');
    assert.equal(third.headers.get('retry-after'), '10');
    assert.equal((await get(other.key)).status, 200);
  });

  // Every family's generation routes hold a slot; the 429 comes in each family's error shape.
  for (const route of ['/v1/chat/completions', '/api/v1/completions', '/api/chat', '/ollama/api/generate', '/api/embed', '/generate', '/chat', '/lollms/v1/long_context_process']) {
    it(`caps concurrent generations per key on ${route}`, async () => {
      const { key } = await server.services.keys.create({ alias: `busy ${route}`, rateLimit: { maxConcurrent: 1 } });
      // A generation request whose body is still arriving holds its slot, like one still generating.
      const url = new URL(route, server.url);
      const slow = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'content-length': '200' } });
      slow.on('error', () => {}); // destroyed on purpose below
      slow.write('{"model":');
      await sleep(100);

      const post = () => fetch(url, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{"model":"none","messages":[]}' });
      const second = await post();
      assert.equal(second.status, 429);
      assert.match(await second.text(), /at once/);
      assert.equal((await get(key)).status, 200, 'listing models is not a generation');

      // The client going away ends the request and frees the slot.
      slow.destroy();
      await sleep(100);
      assert.notEqual((await post()).status, 429);
    });
  }

  it('sends the x-ratelimit headers on every keyed response, errors and every family included', async () => {
    const { key } = await server.services.keys.create({ alias: 'headers' });
    const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
    const calls: Array<[string, RequestInit, number]> = [
      ['/v1/models', {}, 200],
      ['/v1/models/no-such-model', {}, 404],
      ['/v1/chat/completions', { method: 'POST', body: '{"messages": 3}' }, 400],
      ['/api/tags', {}, 200],
      ['/api/show', { method: 'POST', body: '{"model": "no-such-model"}' }, 404],
      ['/models/available', {}, 200],
      ['/v1/admin/models/stats', {}, 403],
    ];
    for (const [route, init, status] of calls) {
      const response = await fetch(`${server.url}${route}`, { ...init, headers });
      assert.equal(response.status, status, route);
      assert.match(response.headers.get('x-ratelimit-limit-requests') ?? '', /^\d+$/, route);
      assert.match(response.headers.get('x-ratelimit-remaining-requests') ?? '', /^\d+$/, route);
      assert.match(response.headers.get('x-ratelimit-reset-requests') ?? '', /^[\d.]+s$|^\d+m\d+s$/, route);
    }
  });

  it('can be turned off', async () => {
    const rateLimit = server.services.settings.get().rateLimit;
    await server.services.settings.update({ rateLimit: { ...rateLimit, enabled: false } });
    try {
      const { key } = await server.services.keys.create({ alias: 'free', rateLimit: { burst: 1 } });
      for (let i = 0; i < 3; i++) {
        const response = await get(key);
        assert.equal(response.status, 200);
        assert.equal(response.headers.get('x-ratelimit-limit-requests'), null);
      }
    } finally {
      await server.services.settings.update({ rateLimit });
    }
  });
});

describe('formatDuration', () => {
  it('writes durations as OpenAI does', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(1500), '1.5s');
    assert.equal(formatDuration(360_000), '6m0s');
  });
});
