import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../../test/startServer.js';
import { connectStores, until } from '../../../test/rendererStores.js';
import { useServerStore } from '../server/store.js';
import { keySnippets } from './snippets.js';
import { useKeysStore } from './store.js';

test('the keys store: create shows the secret once, revoke and delete, changes from elsewhere arrive', async (t) => {
  const server = await startTestServer({ settings: { requireApiKeys: true } });
  t.after(() => server.close());
  const admin = await server.services.keys.create({ alias: 'admin', role: 'admin' });
  connectStores(t, server.url, admin.key);
  await useServerStore.getState().refresh();
  const store = useKeysStore.getState();
  await store.refresh();
  assert.deepEqual(useKeysStore.getState().keys.map((key) => key.alias), ['admin']);

  assert.match((await store.create({ alias: '' })) ?? '', /alias/, 'a refused field is named');
  assert.equal(await store.create({ alias: 'editor', role: 'user', rateLimit: { requestsPerMinute: 30 } }), null);
  const created = useKeysStore.getState().created!;
  assert.match(created.key, /^hearth_/);
  assert.equal(server.services.keys.authenticate(created.key)?.alias, 'editor', 'the key works against the server');
  assert.equal(useKeysStore.getState().keys.some((key) => 'key' in key), false, 'the list never holds a secret');
  store.forgetCreated();
  assert.equal(useKeysStore.getState().created, null);

  await store.revoke(created.id);
  assert.equal(useKeysStore.getState().keys.find((key) => key.id === created.id)?.status, 'revoked');
  assert.equal(server.services.keys.authenticate(created.key), null);
  await store.remove(created.id);
  assert.equal(useKeysStore.getState().keys.some((key) => key.id === created.id), false);

  // A key made elsewhere (the CLI, another window) shows up through the event feed.
  await server.services.keys.create({ alias: 'from-cli' });
  await until(() => useKeysStore.getState().keys.some((key) => key.alias === 'from-cli'), 'the key made elsewhere');
});

test('snippets use the server URL and the key as given', () => {
  const { curl, openai } = keySnippets('http://10.0.0.5:9642/', 'hearth_x', 'm');
  assert.match(curl, /^curl http:\/\/10\.0\.0\.5:9642\/v1\/chat\/completions/);
  assert.match(curl, /Bearer hearth_x/);
  assert.match(openai, /baseURL: 'http:\/\/10\.0\.0\.5:9642\/v1', apiKey: 'hearth_x'/);
});
