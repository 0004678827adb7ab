import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import type { Conversation, ResponsesItem, ResponsesResponse } from '../../common/api/responses.js';
import { createLogger } from '../log.js';
import { ResponseStore } from './ResponseStore.js';

async function open(t: TestContext, dataDir: string): Promise<ResponseStore> {
  const store = await ResponseStore.open({ dataDir, retentionDays: () => 30, logger: createLogger('silent') });
  t.after(() => store.close());
  return store;
}

async function dataDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-responses-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const item = (id: string, text: string) => ({ type: 'message', id, role: 'user', content: [{ type: 'input_text', text }] }) as unknown as ResponsesItem;
const response = (id: string, output: ResponsesItem[]) => ({ id, output }) as unknown as ResponsesResponse;
const conversation = (id: string) => ({ id, object: 'conversation', created_at: 0, metadata: {} }) as unknown as Conversation;

test('findItems finds stored items by id, for their owner only, and forgets removed ones', async (t) => {
  const dir = await dataDir(t);
  const first = await open(t, dir);
  await first.saveResponse({ owner: 'key_a', response: response('resp_aaaaaaaa', [item('msg_out00001', 'out')]), input: [item('msg_in000001', 'in')] });
  await first.createConversation({ owner: 'key_a', conversation: conversation('conv_aaaaaaaa'), items: [item('msg_conv0001', 'c1'), item('msg_conv0002', 'c2')] });
  first.close();

  // A fresh store reads what is on disk at its first lookup.
  const store = await open(t, dir);
  const wanted = new Set(['msg_in000001', 'msg_out00001', 'msg_conv0001', 'msg_nothing1']);
  const found = await store.findItems(wanted, 'key_a');
  assert.deepEqual([...found.keys()].sort(), ['msg_conv0001', 'msg_in000001', 'msg_out00001']);
  assert.equal((await store.findItems(wanted, 'key_b')).size, 0, "another key's items do not exist for it");
  assert.equal((await store.findItems(wanted, null)).size, 0);

  // Written after the index was read: found at once.
  await store.saveResponse({ owner: 'key_a', response: response('resp_bbbbbbbb', [item('msg_out00002', 'later')]), input: [] });
  assert.ok((await store.findItems(new Set(['msg_out00002']), 'key_a')).has('msg_out00002'));

  // Taken out of a conversation, or its record deleted: no longer found.
  await store.updateConversation('conv_aaaaaaaa', 'key_a', (record) => ({ ...record, items: record.items.filter((stored) => stored.id !== 'msg_conv0001') }));
  assert.equal((await store.findItems(new Set(['msg_conv0001']), 'key_a')).size, 0);
  assert.ok((await store.findItems(new Set(['msg_conv0002']), 'key_a')).has('msg_conv0002'));
  assert.equal(await store.deleteResponse('resp_aaaaaaaa', 'key_a'), true);
  assert.equal((await store.findItems(new Set(['msg_in000001', 'msg_out00001']), 'key_a')).size, 0);
  assert.equal(await store.deleteConversation('conv_aaaaaaaa', 'key_a'), true);
  assert.equal((await store.findItems(new Set(['msg_conv0002']), 'key_a')).size, 0);
});

test('an item stored in a conversation and a response is taken from the conversation', async (t) => {
  const store = await open(t, await dataDir(t));
  await store.saveResponse({ owner: null, response: response('resp_cccccccc', [item('msg_shared01', 'from the response')]), input: [] });
  await store.createConversation({ owner: null, conversation: conversation('conv_cccccccc'), items: [item('msg_shared01', 'from the conversation')] });
  const found = (await store.findItems(new Set(['msg_shared01']), null)).get('msg_shared01') as { content: Array<{ text: string }> };
  assert.equal(found.content[0]!.text, 'from the conversation');
});
