import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer } from '../../../test/startServer.js';
import { connectStores } from '../../../test/rendererStores.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';
import { useServerStore } from '../server/store.js';
import { useAssistantsStore } from './store.js';

const model = testModels.chatml;

test('the assistants store: create, refuse in words, change, remove, and a user key is refused', { skip: missingTestModels([model]) }, async (t) => {
  const server = await startTestServer({ models: [model], settings: { requireApiKeys: true } });
  t.after(() => server.close());
  const admin = await server.services.keys.create({ alias: 'admin', role: 'admin' });
  const user = await server.services.keys.create({ alias: 'reader', role: 'user' });
  const keys = connectStores(t, server.url, admin.key);
  await useServerStore.getState().refresh();
  const store = useAssistantsStore.getState();
  await store.refresh();
  assert.deepEqual(useAssistantsStore.getState().assistants, []);

  assert.equal(await store.save(null, { name: 'Pirate', model, instructions: 'Talk like a pirate.', temperature: 0.2 }), null);
  const [created] = useAssistantsStore.getState().assistants;
  assert.equal(created?.name, 'Pirate');
  assert.match(created!.id, /^asst_/);
  assert.equal(server.services.assistants.get(created!.id)?.instructions, 'Talk like a pirate.', 'saved on the server');

  assert.match((await store.save(null, { name: 'Ghost', model: 'no-such-model' })) ?? '', /model/i, 'an unknown model is refused in words');
  assert.equal(useAssistantsStore.getState().assistants.length, 1, 'nothing was added by the refused save');

  assert.equal(await store.save(created!.id, { name: 'Pirate', model, instructions: 'Talk like a sailor.' }), null);
  assert.equal(useAssistantsStore.getState().assistants[0]?.instructions, 'Talk like a sailor.');

  keys.set(user.key);
  assert.ok(await store.save(null, { name: 'Not mine', model }), 'a user key may not create one');
  keys.set(admin.key);
  await store.remove(created!.id);
  assert.deepEqual(useAssistantsStore.getState().assistants, []);
  assert.equal(useAssistantsStore.getState().error, null);
});
