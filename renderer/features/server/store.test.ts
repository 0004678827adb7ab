import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../../test/startServer.js';
import { connectStores, until } from '../../../test/rendererStores.js';
import { canChange, isUsable, useServerStore } from './store.js';

test('the server store: asks for a key with the command for this data dir, tells user from admin keys, forgets', async (t) => {
  const server = await startTestServer({ settings: { requireApiKeys: true } });
  t.after(() => server.close());
  const admin = await server.services.keys.create({ alias: 'admin', role: 'admin' });
  const user = await server.services.keys.create({ alias: 'user', role: 'user' });
  const keys = connectStores(t, server.url);
  const store = useServerStore.getState();

  await store.refresh();
  assert.equal(useServerStore.getState().status?.needsApiKey, true);
  await until(() => useServerStore.getState().setup !== null, 'the key command');
  assert.ok(useServerStore.getState().setup?.keyCommand.endsWith(`--role admin --data-dir ${server.dataDir}`));

  assert.equal(await store.saveApiKey('hearth_not_a_key'), false);
  assert.match(useServerStore.getState().apiKeyError ?? '', /did not accept/);
  assert.equal(keys.get(), null, 'a refused key is not kept');

  assert.equal(await store.saveApiKey(user.key), true);
  assert.equal(useServerStore.getState().status?.role, 'user');
  assert.equal(isUsable(useServerStore.getState().status), true);
  assert.equal(canChange(useServerStore.getState().status), false, 'a user key gets read-only screens');

  store.openKeyDialog();
  assert.equal(await store.saveApiKey('hearth_typo'), false);
  assert.equal(keys.get(), user.key, 'a typo while switching keeps the key that worked');
  assert.equal(await store.saveApiKey(admin.key), true);
  assert.equal(useServerStore.getState().status?.role, 'admin');
  assert.equal(useServerStore.getState().isKeyDialogOpen, false);

  await store.forgetApiKey();
  assert.equal(keys.get(), null);
  assert.equal(useServerStore.getState().status?.needsApiKey, true);
});

test('the server store follows the event feed: a lost server shows as not running', async (t) => {
  const server = await startTestServer();
  let closed = false;
  t.after(() => (closed ? undefined : server.close()));
  connectStores(t, server.url);
  await until(() => useServerStore.getState().status?.state === 'running', 'running');
  await server.close();
  closed = true;
  await until(() => useServerStore.getState().status?.state === 'error', 'the lost server');
  assert.match(useServerStore.getState().status?.error ?? '', /Lost the connection/);
  await assert.doesNotReject(useServerStore.getState().restart());
  assert.match(useServerStore.getState().restartError ?? '', /restart `npm run serve` where it runs|can't restart/i);
});
