import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { HearthError } from '../../common/errors.js';
import { createLogger } from '../log.js';
import { AssistantStore } from './AssistantStore.js';
import { applyAssistantRequest } from './assistantFields.js';

async function dataDir(t: TestContext): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-assistants-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const open = (dir: string) => AssistantStore.open({ dataDir: dir, logger: createLogger('silent') });
const isCode = (code: string) => (error: unknown) => error instanceof HearthError && error.status === 400 && error.code === code;

test('assistants survive a reopen, in creation order, one file each', async (t) => {
  const dir = await dataDir(t);
  const store = await open(dir);
  const first = await store.create(applyAssistantRequest({ model: 'tiny', name: 'Pirate', instructions: 'Talk like a pirate.', temperature: 0.2 }));
  const second = await store.create(applyAssistantRequest({ model: 'tiny', tool_resources: { file_search: { vector_store_ids: ['ds_1', 'ds_1'] } } }));
  assert.match(first.id, /^asst_[0-9a-f]{24}$/);
  assert.equal(first.object, 'assistant');
  assert.ok(Math.abs(first.created_at - Date.now() / 1000) < 5, 'created_at is in seconds');
  assert.deepEqual(second.tool_resources, { file_search: { vector_store_ids: ['ds_1'] } }, 'a datastore named twice is kept once');
  assert.equal(second.name, null);
  assert.equal(second.response_format, 'auto');

  const files = (await readdir(path.join(dir, 'assistants'))).filter((name) => name.endsWith('.json')).sort();
  assert.deepEqual(files, [`${first.id}.json`, `${second.id}.json`].sort());

  const reopened = await open(dir);
  assert.deepEqual(reopened.list(), [first, second]);
  assert.deepEqual(reopened.find('pirate'), first, 'a name matches case-insensitively');
  assert.deepEqual(reopened.find(second.id), second);
  assert.equal(reopened.find('nobody'), null);
});

test('a name is unique; modify keeps what it leaves out and null clears a field', async (t) => {
  const store = await open(await dataDir(t));
  const pirate = await store.create(applyAssistantRequest({ model: 'tiny', name: 'Pirate', instructions: 'Arr.', top_p: 0.5, metadata: { team: 'a' } }));
  await assert.rejects(store.create(applyAssistantRequest({ model: 'tiny', name: 'PIRATE' })), isCode('name_taken'));
  const other = await store.create(applyAssistantRequest({ model: 'tiny', name: 'Other' }));
  await assert.rejects(store.update(other.id, (current) => applyAssistantRequest({ name: 'pirate' }, current)), isCode('name_taken'));
  assert.equal(store.get(other.id)?.name, 'Other', 'a refused change leaves the record as it was');

  const changed = await store.update(pirate.id, (current) => applyAssistantRequest({ instructions: null, temperature: 1.5 }, current));
  assert.equal(changed?.instructions, null);
  assert.equal(changed?.temperature, 1.5);
  assert.equal(changed?.top_p, 0.5, 'a field left out keeps its value');
  assert.deepEqual(changed?.metadata, { team: 'a' });
  assert.equal(changed?.created_at, pirate.created_at);
  assert.equal(await store.update('asst_000000000000000000000000', (current) => current), null);
});

test('delete removes the file; a damaged file is left out, not fatal', async (t) => {
  const dir = await dataDir(t);
  const store = await open(dir);
  const doomed = await store.create(applyAssistantRequest({ model: 'tiny', name: 'Doomed' }));
  assert.equal(await store.delete(doomed.id), true);
  assert.equal(await store.delete(doomed.id), false);
  assert.equal(store.find('Doomed'), null);
  await writeFile(path.join(dir, 'assistants', 'asst_bad000000000000000000000.json'), '{"createdMs": 1, "assistant": {"id": 3}}');
  const kept = await store.create(applyAssistantRequest({ model: 'tiny' }));
  const reopened = await open(dir);
  assert.deepEqual(reopened.list().map((a) => a.id), [kept.id]);
  assert.ok(JSON.parse(await readFile(path.join(dir, 'assistants', `${kept.id}.json`), 'utf8')).createdMs > 0);
});

test('tools Hearth can not run and duplicate function names are refused', () => {
  assert.throws(() => applyAssistantRequest({ model: 'tiny', tools: [{ type: 'code_interpreter' }] }), isCode('unsupported_parameter'));
  const fn = { type: 'function' as const, function: { name: 'lookup' } };
  assert.throws(() => applyAssistantRequest({ model: 'tiny', tools: [fn, fn] }), (error) => error instanceof HearthError && error.status === 400);
  assert.deepEqual(applyAssistantRequest({ model: 'tiny', tools: [fn, { type: 'file_search' }] }).tools.length, 2);
});
