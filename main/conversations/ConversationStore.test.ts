import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { ConversationMessage } from '../../common/conversations.js';
import { HearthError } from '../../common/errors.js';
import { createLogger } from '../log.js';
import { ConversationStore } from './ConversationStore.js';

async function dataDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-chats-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function open(t: TestContext, dir: string, trashMs?: number): Promise<ConversationStore> {
  const store = await ConversationStore.open({ dataDir: dir, logger: createLogger('silent'), trashMs });
  t.after(() => store.close());
  return store;
}

const message = (id: string, role: 'user' | 'assistant', content: string): ConversationMessage => ({ id, role, content, createdAt: Date.now() });
const isStatus = (status: number) => (error: unknown) => error instanceof HearthError && error.status === status;

test('a conversation is titled after its first user message until the user names it', async (t) => {
  const store = await open(t, await dataDir(t));
  const empty = await store.create(null, {});
  assert.equal(empty.title, 'New chat');
  assert.match(empty.id, /^chat_[0-9a-f]{32}$/);

  const long = 'How do I keep   a sourdough starter alive through a long holiday away from home without feeding it?';
  const first = await store.update(empty.id, null, { messages: [message('m1', 'user', long), message('m2', 'assistant', 'Refrigerate it.')] });
  assert.ok(first.title.startsWith('How do I keep a sourdough starter alive'), first.title);
  assert.ok(first.title.endsWith('…') && first.title.length <= 61, first.title);

  const renamed = await store.update(empty.id, null, { title: 'Sourdough' });
  assert.equal(renamed.title, 'Sourdough');
  const later = await store.update(empty.id, null, { messages: [message('m3', 'user', 'Something else')] });
  assert.equal(later.title, 'Sourdough', 'a name the user gave stays when the messages change');
  assert.equal(later.messages.length, 1, 'messages replace the whole list');
  assert.ok(later.updatedAt > renamed.updatedAt);
  assert.equal(later.createdAt, empty.createdAt);
});

test('list: only the owner’s, newest change first, with summaries; search over titles and message text', async (t) => {
  const store = await open(t, await dataDir(t));
  const a = await store.create(null, { title: 'Garden', settings: { model: 'tiny' }, messages: [message('1', 'user', 'When to plant tulips?'), message('2', 'assistant', 'In autumn, before the ground freezes.')] });
  const b = await store.create(null, { messages: [message('1', 'user', 'A question about Rust lifetimes')] });
  const theirs = await store.create('key_other', { title: 'Tulips of someone else' });
  await store.update(a.id, null, { settings: { model: 'tiny', temperature: 0.5 } });

  const listed = await store.list(null);
  assert.deepEqual(listed.map((entry) => entry.id), [a.id, b.id]);
  assert.deepEqual(
    { title: listed[0]!.title, model: listed[0]!.model, messageCount: listed[0]!.messageCount, snippet: listed[0]!.snippet },
    { title: 'Garden', model: 'tiny', messageCount: 2, snippet: 'In autumn, before the ground freezes.' },
  );
  assert.deepEqual((await store.list('key_other')).map((entry) => entry.id), [theirs.id]);

  assert.deepEqual((await store.list(null, 'TULIPS')).map((entry) => entry.id), [a.id], 'message text, case-insensitively, not other owners’');
  assert.match((await store.list(null, 'tulips'))[0]!.snippet, /tulips/);
  assert.deepEqual((await store.list(null, 'garden')).map((entry) => entry.id), [a.id], 'titles');
  assert.deepEqual((await store.list(null, 'rust  lifetimes')).map((entry) => entry.id), [b.id], 'runs of spaces match one');
  assert.deepEqual(await store.list(null, 'nowhere'), []);
  assert.equal((await store.list(null, '  ')).length, 2, 'a blank query lists all');
});

test('another owner can neither read, change, delete nor restore it', async (t) => {
  const store = await open(t, await dataDir(t));
  const mine = await store.create('key_a', {});
  await assert.rejects(store.get(mine.id, 'key_b'), isStatus(404));
  await assert.rejects(store.get(mine.id, null), isStatus(404));
  await assert.rejects(store.update(mine.id, 'key_b', { title: 'x' }), isStatus(404));
  await assert.rejects(store.delete(mine.id, 'key_b'), isStatus(404));
  await store.delete(mine.id, 'key_a');
  await assert.rejects(store.restore(mine.id, 'key_b'), isStatus(404));
  assert.equal((await store.restore(mine.id, 'key_a')).id, mine.id);
});

test('delete moves to the trash and restore brings it back; the trash keeps it only for a while', async (t) => {
  const dir = await dataDir(t);
  const store = await open(t, dir, 60_000);
  const kept = await store.create(null, { title: 'Kept' });
  const gone = await store.create(null, { title: 'Gone' });
  await store.delete(gone.id, null);
  assert.deepEqual((await store.list(null)).map((entry) => entry.id), [kept.id]);
  await assert.rejects(store.get(gone.id, null), isStatus(404));
  await assert.rejects(store.delete(gone.id, null), isStatus(404), 'deleting twice is a 404');
  await assert.rejects(store.update(gone.id, null, { title: 'x' }), isStatus(404));

  const restored = await store.restore(gone.id, null);
  assert.deepEqual(restored, gone, 'as it was, updatedAt included');
  assert.deepEqual((await store.list(null)).map((entry) => entry.id).sort(), [kept.id, gone.id].sort());
  await assert.rejects(store.restore(gone.id, null), isStatus(404), 'restoring twice is a 404');

  await store.delete(gone.id, null);
  await store.emptyTrash(Date.now() + 30_000);
  assert.equal((await readdir(path.join(dir, 'chats', 'trash'))).length, 1, 'still within the trash time');
  await store.emptyTrash(Date.now() + 60_001);
  assert.deepEqual(await readdir(path.join(dir, 'chats', 'trash')), []);
  await assert.rejects(store.restore(gone.id, null), isStatus(404));
});

test('survives reopening; a damaged or foreign file is left out of the list, not fatal', async (t) => {
  const dir = await dataDir(t);
  const first = await open(t, dir);
  const saved = await first.create(null, { title: 'Durable', messages: [message('1', 'user', 'hello')] });
  first.close();

  await writeFile(path.join(dir, 'chats', 'chat_halfwritten000000.json'), '{"owner":null,"hasCustomTitle":true,"conversation":{"id":"chat_half');
  await writeFile(path.join(dir, 'chats', 'chat_wrongshape0000000.json'), JSON.stringify({ owner: null, conversation: { id: 'chat_wrongshape0000000' } }));
  await writeFile(path.join(dir, 'chats', 'notes.txt'), 'not a conversation');
  const second = await open(t, dir);
  assert.deepEqual((await second.list(null)).map((entry) => [entry.id, entry.title, entry.snippet]), [[saved.id, 'Durable', 'hello']]);
  assert.deepEqual(await second.get(saved.id, null), saved);
  await assert.rejects(second.get('chat_halfwritten000000', null), isStatus(404));
  assert.equal((await second.list(null, 'hello')).length, 1);
});

test('bad input is a 400 naming the field: duplicate message ids, unknown fields, empty titles, bad settings', async (t) => {
  const store = await open(t, await dataDir(t));
  const param = (name: string) => (error: unknown) => error instanceof HearthError ? error.status === 400 && error.param === name : (error as { issues?: Array<{ path: unknown[] }> }).issues?.[0]?.path.join('.') === name;
  await assert.rejects(store.create(null, { messages: [message('same', 'user', 'a'), message('same', 'assistant', 'b')] }), param('messages.1.id'));
  await assert.rejects(store.create(null, { title: '   ' }), param('title'));
  await assert.rejects(store.create(null, { settings: { temperature: 5 } }), param('settings.temperature'));
  await assert.rejects(store.create(null, { colour: 'red' } as never));
  const chat = await store.create(null, {});
  await assert.rejects(store.update(chat.id, null, { messages: [{ ...message('1', 'user', 'x'), role: 'system' as never }] }), param('messages.0.role'));
  await assert.rejects(store.get('../../etc/passwd', null), isStatus(404), 'a path is never an id');
});
