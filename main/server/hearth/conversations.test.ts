import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { ConversationMessage } from '../../../common/conversations.js';
import { HearthError } from '../../../common/errors.js';
import { ipcCalls, type IpcCallName, type IpcHandlers } from '../../../common/ipc/contract.js';
import { createHttpCalls } from '../../../common/ipc/httpCalls.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';

const noLimits = { enabled: false, requestsPerMinute: 60, burst: 10, maxConcurrentPerKey: 4 };

/** Calls as the renderer makes them: input parsed by the contract, the answer checked against it. */
function contractCalls(handlers: IpcHandlers) {
  return async <N extends IpcCallName>(name: N, input: unknown) => {
    const handler = handlers[name] as (input: unknown, context: { emit: () => void }) => Promise<unknown>;
    return ipcCalls[name].output.parse(await handler(ipcCalls[name].input.parse(input), { emit: () => {} })) as Awaited<ReturnType<IpcHandlers[N]>>;
  };
}

async function withKeys(dataDir?: string): Promise<{ server: TestServer; key: string; otherKey: string }> {
  const server = await startTestServer({ dataDir, settings: { requireApiKeys: true, rateLimit: noLimits } });
  const key = (await server.services.keys.create({ alias: 'me' })).key;
  const otherKey = (await server.services.keys.create({ alias: 'someone-else' })).key;
  return { server, key, otherKey };
}

const message = (id: string, role: 'user' | 'assistant', content: string, extra: Partial<ConversationMessage> = {}): ConversationMessage => ({ id, role, content, createdAt: Date.now(), ...extra });
const notFound = (error: unknown) => error instanceof HearthError && error.status === 404;

test('the contract over HTTP: create, list, search, rename, save messages, delete and restore, export', async (t) => {
  const { server, key, otherKey } = await withKeys();
  t.after(() => server.close());
  const call = contractCalls(createHttpCalls({ baseUrl: () => server.url, apiKey: () => key }));
  const other = contractCalls(createHttpCalls({ baseUrl: () => server.url, apiKey: () => otherKey }));

  const garden = await call('conversations:create', { settings: { model: 'tiny', temperature: 0.4 } });
  assert.equal(garden.title, 'New chat');
  const saved = await call('conversations:update', {
    id: garden.id,
    messages: [message('u1', 'user', 'When should tulips be planted?'), message('a1', 'assistant', 'In autumn [1].', { model: 'tiny', status: 'complete', usage: { promptTokens: 12, completionTokens: 4 }, sources: [{ citation: 1, datastoreId: 'ds', datastoreName: 'Bulbs', documentId: 'd', documentTitle: 'Bulb guide', text: 'Plant tulips in autumn.', score: 0.9, page: null }] })],
  });
  assert.equal(saved.title, 'When should tulips be planted?');
  const rust = await call('conversations:create', { title: 'Rust', messages: [message('u1', 'user', 'Explain lifetimes')] });

  assert.deepEqual((await call('conversations:list', {})).map((entry) => entry.id), [rust.id, garden.id]);
  const found = await call('conversations:list', { query: 'TULIPS' });
  assert.deepEqual(found.map((entry) => [entry.id, entry.model, entry.messageCount]), [[garden.id, 'tiny', 2]]);
  assert.match(found[0]!.snippet, /tulips/);

  const renamed = await call('conversations:update', { id: garden.id, title: 'Garden' });
  assert.equal(renamed.title, 'Garden');
  assert.equal(renamed.messages.length, 2, 'a rename keeps the messages');
  assert.deepEqual(renamed.settings, { model: 'tiny', temperature: 0.4 });
  assert.deepEqual((await call('conversations:list', {})).map((entry) => entry.id), [garden.id, rust.id], 'a change moves it to the top');
  assert.deepEqual(await call('conversations:get', { id: garden.id }), renamed);

  await call('conversations:delete', { id: rust.id });
  assert.deepEqual((await call('conversations:list', {})).map((entry) => entry.id), [garden.id]);
  await assert.rejects(call('conversations:get', { id: rust.id }), notFound);
  assert.equal((await call('conversations:restore', { id: rust.id })).title, 'Rust');
  assert.deepEqual((await call('conversations:list', {})).map((entry) => entry.id).sort(), [garden.id, rust.id].sort());

  const markdown = await call('conversations:export', { id: garden.id, format: 'markdown' });
  assert.equal(markdown.fileName, 'garden.md');
  assert.equal(markdown.mimeType, 'text/markdown');
  assert.match(markdown.content, /^# Garden\n/);
  assert.match(markdown.content, /## User\n\nWhen should tulips be planted\?/);
  assert.match(markdown.content, /## Assistant \(tiny\)\n\nIn autumn \[\^1\]\./);
  assert.match(markdown.content, /\[\^1\]: Bulb guide \(Bulbs, score 0\.900\): “Plant tulips in autumn\.”/);
  const json = await call('conversations:export', { id: garden.id, format: 'json' });
  assert.deepEqual([json.fileName, json.mimeType], ['garden.json', 'application/json']);
  assert.deepEqual(JSON.parse(json.content), renamed);

  // Another key sees none of it, and can't learn that the ids exist.
  assert.deepEqual(await other('conversations:list', {}), []);
  assert.deepEqual(await other('conversations:list', { query: 'tulips' }), []);
  for (const [name, input] of [
    ['conversations:get', { id: garden.id }],
    ['conversations:update', { id: garden.id, title: 'Mine now' }],
    ['conversations:delete', { id: garden.id }],
    ['conversations:export', { id: garden.id, format: 'json' }],
  ] as const) {
    await assert.rejects(other(name, input), notFound, name);
  }
  await call('conversations:delete', { id: garden.id });
  await assert.rejects(other('conversations:restore', { id: garden.id }), notFound);
  await call('conversations:restore', { id: garden.id });
  assert.equal((await call('conversations:get', { id: garden.id })).title, 'Garden', 'unchanged by the other key');
});

test('raw HTTP: status codes, headers, OpenAI-shaped errors, keys required, /api/v1 alike', async (t) => {
  const { server, key } = await withKeys();
  t.after(() => server.close());
  const base = `${server.url}/v1/hearth/conversations`;
  const send = (url: string, init: { method?: string; body?: unknown; auth?: boolean } = {}) =>
    fetch(url, {
      method: init.method ?? 'GET',
      headers: { ...(init.auth === false ? {} : { authorization: `Bearer ${key}` }), 'content-type': 'application/json' },
      body: init.body === undefined ? null : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
    });

  const noKey = await send(base, { auth: false });
  assert.equal(noKey.status, 401);
  assert.equal((await noKey.json()).error.type, 'authentication_error');

  const created = await send(base, { method: 'POST', body: { title: 'Résumé tips' } });
  assert.equal(created.status, 201);
  const chat = await created.json();
  assert.deepEqual((await (await send(`${server.url}/api/v1/hearth/conversations`)).json()).data.map((entry: { id: string }) => entry.id), [chat.id]);
  assert.deepEqual(await (await send(base)).json().then((body) => body.object), 'list');

  const md = await send(`${base}/${chat.id}/export`);
  assert.equal(md.status, 200);
  assert.equal(md.headers.get('content-type'), 'text/markdown; charset=utf-8');
  assert.equal(md.headers.get('content-disposition'), 'attachment; filename="resume-tips.md"');
  assert.equal(await md.text(), (await (await send(`${base}/${chat.id}/export?format=markdown`)).text()), 'markdown is the default');
  const json = await send(`${base}/${chat.id}/export?format=json`);
  assert.equal(json.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(json.headers.get('content-disposition'), 'attachment; filename="resume-tips.json"');

  const deleted = await send(`${base}/${chat.id}`, { method: 'DELETE' });
  assert.deepEqual(await deleted.json(), { id: chat.id, object: 'hearth.conversation', deleted: true });

  const bad: Array<[string, string, unknown, string | null]> = [
    ['POST', base, { title: '' }, 'title'],
    ['POST', base, { settings: { topP: 2 } }, 'settings.topP'],
    ['POST', base, { messages: [{ id: 'a', role: 'tool', content: 'x', createdAt: 1 }] }, 'messages.0.role'],
    ['POST', base, { messages: [{ id: 'a', role: 'user', content: 'x', createdAt: 1 }, { id: 'a', role: 'assistant', content: 'y', createdAt: 2 }] }, 'messages.1.id'],
    ['POST', base, { owner: 'someone' }, null],
    ['POST', base, '{"title": ', null],
    ['GET', `${base}?q=${'x'.repeat(501)}`, undefined, 'q'],
  ];
  for (const [method, url, body, param] of bad) {
    const response = await send(url, { method, body });
    assert.equal(response.status, 400, `${method} ${JSON.stringify(body)}`);
    const { error } = await response.json();
    assert.equal(error.type, 'invalid_request_error');
    assert.equal(typeof error.message, 'string');
    if (param) assert.equal(error.param, param, JSON.stringify(error));
  }
  const restored = await send(`${base}/${chat.id}/restore`, { method: 'POST', body: {} });
  assert.equal(restored.status, 200);
  const badFormat = await send(`${base}/${chat.id}/export?format=pdf`);
  assert.equal(badFormat.status, 400);
  assert.equal((await badFormat.json()).error.param, 'format');
  const missing = await send(`${base}/chat_doesnotexist0000`);
  assert.equal(missing.status, 404);
  assert.deepEqual((await missing.json()).error, { message: "No conversation found with id 'chat_doesnotexist0000'.", type: 'not_found_error', param: 'id', code: 'conversation_not_found' });
  assert.equal((await send(`${base}/${chat.id}`, { method: 'PUT', body: {} })).status, 405);
});

test('conversations survive a server restart; a half-written file on disk does not break the list', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-chats-restart-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dataDir = path.join(root, 'data');
  const first = await startTestServer({ dataDir });
  const calls = () => contractCalls(createHttpCalls({ baseUrl: () => server.url, apiKey: () => null }));
  let server = first;
  const chat = await calls()('conversations:create', { messages: [message('u1', 'user', 'Remember me')] });
  const trashed = await calls()('conversations:create', { title: 'Trashed' });
  await calls()('conversations:delete', { id: trashed.id });
  await first.close().catch(() => {});

  await writeFile(path.join(dataDir, 'chats', 'chat_halfwritten00000000.json'), '{"owner":null,"hasCustomTitle":false,"conv');
  server = await startTestServer({ dataDir });
  t.after(() => server.close());
  const listed = await calls()('conversations:list', {});
  assert.deepEqual(listed.map((entry) => [entry.id, entry.title]), [[chat.id, 'Remember me']]);
  assert.deepEqual(await calls()('conversations:get', { id: chat.id }), chat);
  await assert.rejects(calls()('conversations:get', { id: 'chat_halfwritten00000000' }), notFound);
  assert.equal((await calls()('conversations:restore', { id: trashed.id })).title, 'Trashed', 'the trash outlives a restart (for a day)');
});
