import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RequestRecord } from '../../../common/stats.js';
import { startTestServer } from '../../../test/startServer.js';
import { connectStores, until } from '../../../test/rendererStores.js';
import { useServerStore } from '../server/store.js';
import { filterLog, useRequestsStore } from './store.js';

test('the request log store: reads the log and statistics, then follows each request live', async (t) => {
  const server = await startTestServer({ settings: { requireApiKeys: true } });
  t.after(() => server.close());
  const admin = await server.services.keys.create({ alias: 'admin', role: 'admin' });
  const app = await server.services.keys.create({ alias: 'app' });
  connectStores(t, server.url, admin.key);
  await useServerStore.getState().refresh();
  await useRequestsStore.getState().refresh();
  assert.ok(useRequestsStore.getState().stats, 'statistics read');

  const missing = await fetch(`${server.url}/v1/models/no-such-model`, { headers: { authorization: `Bearer ${app.key}` } });
  assert.equal(missing.status, 404);
  await until(() => useRequestsStore.getState().log.some((record) => record.route.includes('no-such-model')), 'the request in the live log');
  const { log } = useRequestsStore.getState();
  assert.equal(log[0]?.keyAlias, 'app', 'newest first');
  assert.equal(filterLog(log, { status: 'errors', key: 'app', model: '' }).length, 1);
  assert.equal(filterLog(log, { status: 'ok', key: 'app', model: '' }).length, 0);
  await until(() => useRequestsStore.getState().stats?.keys.some((key) => key.alias === 'app') ?? false, 'statistics following the log');

  // A request read by a refresh and then announced live (the feed's records are applied in batches) shows once.
  const again = await fetch(`${server.url}/v1/models/read-twice`, { headers: { authorization: `Bearer ${app.key}` } });
  assert.equal(again.status, 404);
  await until(() => server.services.stats.recent(10).some((record) => record.route.includes('read-twice')), 'the server logged it');
  await useRequestsStore.getState().refresh();
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(useRequestsStore.getState().log.filter((record) => record.route.includes('read-twice')).length, 1);
});

test('filters combine status, key and model', () => {
  const record = (status: number, keyAlias: string | null, model: string | null) => ({ status, keyAlias, model }) as RequestRecord;
  const log = [record(200, 'a', 'm1'), record(500, 'a', 'm2'), record(200, null, 'm1')];
  assert.equal(filterLog(log, { status: 'all', key: '', model: '' }).length, 3);
  assert.equal(filterLog(log, { status: 'ok', key: '', model: 'm1' }).length, 2);
  assert.equal(filterLog(log, { status: 'all', key: '(no key)', model: '' }).length, 1);
  assert.equal(filterLog(log, { status: 'errors', key: 'a', model: '' }).length, 1);
});
