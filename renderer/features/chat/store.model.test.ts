import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConversationMessage } from '../../../common/conversations.js';
import { connectStores, until } from '../../../test/rendererStores.js';
import { startTestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';
import { ipc } from '../../ipc/client.js';
import { useModelsStore } from '../models/store.js';
import { useServerStore } from '../server/store.js';
import { useChatStore } from './store.js';

const model = testModels.chatml;
const contextSize = 512;

// The tiny model writes children's stories: these tests check mechanics (what is stored, sent and marked), not answers.
test('the chat store: conversations are stored, replies marked, regenerate, edit-resend, stop, rename, delete with undo, export', { skip: missingTestModels([model]) }, async (t) => {
  const server = await startTestServer({ models: [model], settings: { models: { [model]: { contextSize, parallelSlots: 1, threads: 1 } } } });
  t.after(() => server.close());
  connectStores(t, server.url);
  await useServerStore.getState().refresh();
  await useModelsStore.getState().refresh();
  const store = useChatStore.getState();
  const state = () => useChatStore.getState();
  const stored = (id: string) => ipc.call('conversations:get', { id });

  // The first message creates the conversation on the server, with the model the store picked (the one with a template).
  await store.updateSettings({ maxTokens: 12, systemPrompt: 'You tell stories.' });
  await store.send('Once upon a time');
  const id = state().conversation.id;
  assert.ok(id, 'the conversation has an id once saved');
  let record = await stored(id);
  assert.equal(record.settings.model, model);
  assert.equal(record.settings.maxTokens, 12);
  assert.deepEqual(record.messages.map((message) => message.role), ['user', 'assistant']);
  const first = record.messages[1]!;
  assert.equal(first.status, 'length', 'cut at max tokens');
  assert.equal(first.usage?.completionTokens, 12);
  assert.ok((first.usage?.promptTokens ?? 0) > 0);
  assert.ok((first.usage?.tokensPerSecond ?? 0) > 0, 'speed is measured');
  assert.equal(first.content, state().conversation.messages[1]!.content);
  assert.equal(record.title, 'Once upon a time', 'the title follows the first message');

  // Regenerate replaces the last reply; edit-resend replaces the message and drops what came after it.
  await store.regenerate();
  record = await stored(id);
  assert.equal(record.messages.length, 2);
  assert.notEqual(record.messages[1]!.id, first.id);
  await store.send('The cat');
  assert.equal((await stored(id)).messages.length, 4);
  await store.editAndResend(record.messages[0]!.id, 'A dog ran');
  record = await stored(id);
  assert.deepEqual(record.messages.map((message) => [message.role, message.role === 'user' ? message.content : '']), [['user', 'A dog ran'], ['assistant', '']]);

  // Stop: the partial reply stays, marked.
  await store.updateSettings({ maxTokens: 400 });
  const sending = store.send('Tell a long story');
  await until(() => (state().conversation.messages.at(-1)?.content.length ?? 0) > 0, 'the first streamed piece');
  await store.cancel();
  await sending;
  const stopped = (await stored(id)).messages.at(-1)!;
  assert.equal(stopped.status, 'stopped');
  assert.ok(stopped.content.length > 0);

  // A new chat leaves the old one in the list; the list searches message text.
  store.startNew();
  assert.equal(state().conversation.id, null);
  assert.equal(state().conversation.messages.length, 0);
  await until(() => state().conversations.some((entry) => entry.id === id), 'the list');
  await store.search('dog ran');
  assert.deepEqual(state().conversations.map((entry) => entry.id), [id]);
  await store.search('no such words anywhere');
  assert.equal(state().conversations.length, 0);
  await store.search('');

  // Open, rename, export, delete and undo.
  assert.equal(await store.open(id), true);
  assert.equal(state().conversation.messages.length, 4);
  assert.equal(await store.rename(id, 'Dogs'), null);
  assert.equal(state().conversation.title, 'Dogs');
  const markdown = await store.exportFile(id, 'markdown');
  assert.match(markdown.content, /A dog ran/);
  assert.match(markdown.fileName, /\.md$/);
  const json = await store.exportFile(id, 'json');
  assert.equal(JSON.parse(json.content).title, 'Dogs');
  await store.remove(id);
  assert.equal(state().conversation.id, null, 'the deleted conversation is closed');
  assert.equal(state().conversations.some((entry) => entry.id === id), false);
  await assert.rejects(stored(id));
  await store.undoRemove();
  assert.equal((await stored(id)).title, 'Dogs');
  assert.ok(state().conversations.some((entry) => entry.id === id));
  assert.equal(state().conversation.id, id, 'undo reopens it');
});

test('the chat store: a conversation longer than the context keeps answering, with the count of turns left out', { skip: missingTestModels([model]) }, async (t) => {
  const server = await startTestServer({ models: [model], settings: { models: { [model]: { contextSize: 256, parallelSlots: 1, threads: 1 } } } });
  t.after(() => server.close());
  connectStores(t, server.url);
  await useServerStore.getState().refresh();
  await useModelsStore.getState().refresh();
  const messages: ConversationMessage[] = Array.from({ length: 30 }, (_, i) => ({
    id: `m${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: `Turn ${i}: the little cat walked to the park and played with a red ball.`,
    createdAt: i,
  }));
  const record = await ipc.call('conversations:create', { settings: { model, maxTokens: 16 }, messages });
  useChatStore.getState().startNew();
  assert.equal(await useChatStore.getState().open(record.id), true);
  await useChatStore.getState().send('And then?');
  const reply = useChatStore.getState().conversation.messages.at(-1)!;
  assert.notEqual(reply.status, 'error', reply.error);
  assert.ok((reply.omittedTurns ?? 0) > 0, `turns left out: ${reply.omittedTurns}`);
  assert.ok(reply.content.length > 0);
  assert.equal((await ipc.call('conversations:get', { id: record.id })).messages.at(-1)!.omittedTurns, reply.omittedTurns);
});
