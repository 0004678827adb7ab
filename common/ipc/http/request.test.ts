import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test, type TestContext } from 'node:test';
import { HearthError } from '../../errors.js';
import { createHttpClient } from './request.js';

/** A real HTTP server that counts what reaches it and answers after `delayMs`, so calls overlap. */
async function countingServer(t: TestContext, delayMs = 50) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    setTimeout(() => {
      if (req.url === '/missing') {
        res.writeHead(404, { 'content-type': 'application/json' });
        return res.end(JSON.stringify({ error: { message: 'No such thing.', type: 'not_found_error', code: 'missing' } }));
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'a', big: 'x'.repeat(200_000) }], url: req.url }));
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

test('reads on their way at the same moment are one request; each caller gets the whole body', async (t) => {
  const server = await countingServer(t);
  let key: string | null = 'k1';
  const client = createHttpClient({ baseUrl: () => server.url, apiKey: () => key });
  const [a, b, c] = await Promise.all([client.list<{ id: string; big: string }>('/v1/models'), client.json<{ data: unknown[] }>('/v1/models'), client.send('/v1/models').then((r) => r.json())]);
  assert.equal(server.hits.length, 1);
  assert.equal(a[0]?.big.length, 200_000);
  assert.deepEqual(b, c);
  assert.notEqual(b, c, 'each caller its own copy');

  // Once answered, the next read asks again; another key or a write is never shared.
  await client.list('/v1/models');
  assert.equal(server.hits.length, 2);
  const other = client.list('/v1/models');
  key = 'k2';
  await Promise.all([other, client.list('/v1/models')]);
  assert.deepEqual(server.hits.slice(2).map((hit) => hit.split(' ').slice(2).join(' ')), ['Bearer k1', 'Bearer k2']);
  await Promise.all([client.json('/v1/things', { method: 'POST', body: { n: 1 } }), client.json('/v1/things', { method: 'POST', body: { n: 1 } })]);
  assert.equal(server.hits.filter((hit) => hit.startsWith('POST')).length, 2);
});

test('a shared read that fails fails for every caller, with the server status', async (t) => {
  const server = await countingServer(t);
  const client = createHttpClient({ baseUrl: () => server.url, apiKey: () => null });
  const results = await Promise.allSettled([client.json('/missing'), client.json('/missing')]);
  assert.equal(server.hits.length, 1);
  for (const result of results) {
    assert.equal(result.status, 'rejected');
    assert.ok(result.reason instanceof HearthError && result.reason.status === 404 && result.reason.code === 'missing');
  }
});
