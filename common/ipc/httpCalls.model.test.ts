import { test } from 'node:test';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { HearthError } from '../errors.js';
import { startTestServer } from '../../test/startServer.js';
import { missingTestModels, testModels } from '../../test/testModels.js';
import { createHttpCalls } from './httpCalls.js';
import { ipcCalls, type IpcCallContext, type IpcCallName, type IpcEventName, type IpcEvents, type IpcHandlers } from './contract.js';
import { startEventFeed } from './http/eventFeed.js';

const model = testModels.chatml;
const skip = missingTestModels([model, testModels.tiny]);

function recorder(): IpcCallContext & { deltas: string[] } {
  const deltas: string[] = [];
  return { deltas, emit: (_event, payload) => deltas.push((payload as IpcEvents['chat:onDidStream']).delta) };
}
const none: IpcCallContext = { emit: () => {} };

/** Calls as the renderer makes them: input parsed by the contract, the answer checked against it. */
function contractCalls(handlers: IpcHandlers) {
  return async <N extends IpcCallName>(name: N, input: unknown) => {
    const handler = handlers[name] as (input: unknown, context: IpcCallContext) => Promise<unknown>;
    return ipcCalls[name].output.parse(await handler(ipcCalls[name].input.parse(input), none)) as Awaited<ReturnType<IpcHandlers[N]>>;
  };
}

/** Collects the feed's events until `until` holds for one, or fails after timeoutMs. */
function collect(events: { event: IpcEventName; payload: unknown }[]) {
  return async <E extends IpcEventName>(event: E, until: (payload: IpcEvents[E]) => boolean, timeoutMs = 20_000): Promise<IpcEvents[E]> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = events.find((entry) => entry.event === event && until(entry.payload as IpcEvents[E]));
      if (found) return found.payload as IpcEvents[E];
      if (Date.now() > deadline) throw new Error(`no ${event} as wanted; got ${JSON.stringify(events).slice(0, 1500)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
}

test('the contract over HTTP: models, settings, keys and stats against the real server, answers as the contract says', { skip }, async (t) => {
  const server = await startTestServer({ models: [model, testModels.tiny] });
  t.after(() => server.close());
  const call = contractCalls(createHttpCalls({ baseUrl: () => server.url, apiKey: () => null }));
  assert.deepEqual(await call('server:getStatus', {}), { state: 'running', url: server.url, needsApiKey: false, role: 'admin' });

  const listed = await call('models:list', {});
  assert.deepEqual(listed.map((entry) => [entry.id, entry.state]).sort(), [[model, 'unloaded'], [testModels.tiny, 'unloaded']].sort());
  const library = await call('models:library', {});
  assert.equal(library.find((entry) => entry.id === model)?.hasChatTemplate, true);
  assert.equal((await call('models:load', { id: model })).state, 'loaded');
  assert.equal((await call('models:unload', { id: model })).state, 'unloaded');
  await assert.rejects(call('models:load', { id: 'no-such-model' }), (error: unknown) => error instanceof HearthError && error.status === 404);

  const patched = await call('models:updateSettings', { id: model, patch: { contextSize: 256, threads: 1 } });
  assert.deepEqual(patched.settings, { contextSize: 256, threads: 1 });
  assert.equal((await call('models:load', { id: model })).loaded?.contextSize, 256, 'the saved setting applies to the next load');
  await call('models:updateSettings', { id: model, patch: { contextSize: null } });
  assert.deepEqual((await call('models:getSettings', { id: model })).settings, { threads: 1 });

  const settings = await call('settings:get', {});
  assert.equal(settings.settings.dataDir, server.dataDir);
  assert.equal('hfToken' in settings.settings, false);
  const changed = await call('settings:update', { patch: { port: 9999, logLevel: 'debug', maxLoadedModels: 2, hfToken: 'secret' } });
  assert.deepEqual(changed.restartRequired, ['logLevel'], 'a new log level waits for a restart; maxLoadedModels does not');
  assert.equal(changed.hasHfToken, true);
  assert.equal(changed.settings.maxLoadedModels, 2);
  assert.ok(changed.overridden.includes('port'), 'the test server sets its port for the run, so a saved port waits');
  await assert.rejects(call('settings:update', { patch: { corsOrigins: ['*'] } }), (error: unknown) => error instanceof Error);

  const created = await call('keys:create', { alias: 'ci', role: 'user', rateLimit: { requestsPerMinute: 5 } });
  assert.match(created.key, /^hearth_/);
  assert.equal((await call('keys:list', {})).find((key) => key.id === created.id)?.alias, 'ci');
  assert.equal((await call('keys:revoke', { id: created.id })).status, 'revoked');
  await call('keys:delete', { id: created.id });
  assert.equal((await call('keys:list', {})).some((key) => key.id === created.id), false);
  assert.ok(Array.isArray((await call('stats:get', {})).models));
  assert.ok((await call('requests:list', { limit: 5 })).length <= 5);
});

test('chat:send streams pieces that add up to the reply; chat:cancel stops it', { skip }, async (t) => {
  const server = await startTestServer({ models: [model] });
  t.after(() => server.close());
  const calls = createHttpCalls({ baseUrl: () => server.url, apiKey: () => null });
  const messages = [{ role: 'user' as const, content: 'Once upon a time' }];

  const context = recorder();
  const reply = await calls['chat:send']({ requestId: 'a', model, messages, maxTokens: 12 }, context);
  assert.equal(reply.finishReason, 'length');
  assert.ok(context.deltas.length > 1, 'more than one piece');
  assert.equal(context.deltas.join(''), reply.text);

  const cancelled = recorder();
  const long = calls['chat:send']({ requestId: 'b', model, messages, maxTokens: 100_000 }, {
    emit: (event, payload) => {
      cancelled.emit(event, payload);
      if (cancelled.deltas.length === 3) void calls['chat:cancel']({ requestId: 'b' }, cancelled);
    },
  });
  const result = await long;
  assert.equal(result.finishReason, 'cancelled');
  assert.equal(result.text, cancelled.deltas.join(''));
  assert.deepEqual(await calls['chat:cancel']({ requestId: 'b' }, cancelled), { cancelled: false });
});

test('the event feed pushes model states with evictions, each request, key changes; a lost server is reported and the feed comes back', { skip }, async (t) => {
  // Folders of its own, so a second server can start on them after the first is gone.
  const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-feed-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  const dataDir = path.join(root, 'data');
  const modelsDir = path.join(root, 'models');
  await mkdir(modelsDir, { recursive: true });
  const first = await startTestServer({ dataDir, modelsDir, models: [model, testModels.tiny], settings: { maxLoadedModels: 1 } });
  let server = first;
  t.after(() => server.close());
  const events: { event: IpcEventName; payload: unknown }[] = [];
  const feed = startEventFeed({ baseUrl: () => server.url, apiKey: () => null, reportsStatus: true, emit: (event, payload) => events.push({ event, payload }), retryMs: { min: 50, max: 200 } });
  t.after(() => feed.stop());
  const waitFor = collect(events);
  const calls = createHttpCalls({ baseUrl: () => server.url, apiKey: () => null });

  await waitFor('server:onDidChangeStatus', (status) => status.state === 'running' && status.role === 'admin');
  await waitFor('models:onDidChange', (payload) => payload.models.length === 2);
  await calls['models:load']({ id: model }, none);
  await waitFor('models:onDidChange', (payload) => payload.models.some((entry) => entry.id === model && entry.state === 'loaded'));
  // One model at most: loading the other evicts the first, and the feed says for which.
  await calls['models:load']({ id: testModels.tiny }, none);
  const evicted = await waitFor('models:onDidChange', (payload) => payload.evicted.length > 0);
  assert.deepEqual(evicted.evicted, [{ id: model, for: testModels.tiny }]);

  await fetch(`${server.url}/v1/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: testModels.tiny, prompt: 'Hi', max_tokens: 2 }) });
  const record = await waitFor('requests:onDidRecord', (entry) => entry.route.includes('completions'));
  assert.equal(record.model, testModels.tiny);
  await calls['keys:create']({ alias: 'pushed', role: 'user' }, none);
  await waitFor('keys:onDidChange', () => true);

  // The server goes away: the feed says so, then finds the new one and says it runs again.
  await first.close();
  await waitFor('server:onDidChangeStatus', (status) => status.state === 'error' && /Lost the connection/.test(status.error ?? ''));
  events.length = 0;
  server = await startTestServer({ dataDir, modelsDir });
  feed.reconnect();
  await waitFor('server:onDidChangeStatus', (status) => status.state === 'running');
  await waitFor('models:onDidChange', (payload) => payload.models.length === 2);
});

test('with keys required: no key asks for one, a user key gets read-only status and polled model states', { skip }, async (t) => {
  const server = await startTestServer({ models: [model], settings: { requireApiKeys: true } });
  t.after(() => server.close());
  const user = await server.services.keys.create({ alias: 'reader', role: 'user' });
  let key: string | null = null;
  const calls = createHttpCalls({ baseUrl: () => server.url, apiKey: () => key });
  assert.deepEqual(await calls['server:getStatus']({}, none), { state: 'running', url: server.url, needsApiKey: true });
  assert.match((await calls['server:getSetup']({}, none)).keyCommand, new RegExp(`--role admin --data-dir ${server.dataDir}`));
  key = user.key;
  assert.deepEqual(await calls['server:getStatus']({}, none), { state: 'running', url: server.url, needsApiKey: false, role: 'user' });
  // A user key's refusal keeps its status: the UI tells "needs an admin key" from a failure.
  await assert.rejects(calls['models:load']({ id: model }, none), (error: unknown) => error instanceof HearthError && error.status === 403);

  const events: { event: IpcEventName; payload: unknown }[] = [];
  const feed = startEventFeed({ baseUrl: () => server.url, apiKey: () => key, reportsStatus: true, emit: (event, payload) => events.push({ event, payload }), pollMs: 100 });
  t.after(() => feed.stop());
  const waitFor = collect(events);
  await waitFor('server:onDidChangeStatus', (status) => status.role === 'user');
  await waitFor('models:onDidChange', (payload) => payload.models[0]?.id === model);
});

test('a key saved while the feed was asking without one: the stale "needs a key" is dropped, the new key is used at once', { skip }, async (t) => {
  const server = await startTestServer({ models: [model], settings: { requireApiKeys: true } });
  t.after(() => server.close());
  const user = await server.services.keys.create({ alias: 'reader', role: 'user' });
  let key: string | null = null;
  // Holds the first keyless probe of the admin route until the key has been saved, as a slow machine can.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let held: () => void;
  const probing = new Promise<void>((resolve) => (held = resolve));
  const slowFetch: typeof fetch = async (input, init) => {
    const headers = new Headers(init?.headers);
    if (String(input).includes('/v1/admin/requests') && !headers.has('authorization')) {
      held();
      await released;
    }
    return fetch(input, init);
  };
  const events: { event: IpcEventName; payload: unknown }[] = [];
  const feed = startEventFeed({ baseUrl: () => server.url, apiKey: () => key, fetch: slowFetch, reportsStatus: true, emit: (event, payload) => events.push({ event, payload }), pollMs: 100 });
  t.after(() => feed.stop());
  await probing;
  key = user.key;
  feed.reconnect();
  release();
  await collect(events)('server:onDidChangeStatus', (status) => status.role === 'user', 5_000);
  const statuses = events.filter((entry) => entry.event === 'server:onDidChangeStatus').map((entry) => entry.payload as IpcEvents['server:onDidChangeStatus']);
  assert.deepEqual(statuses.filter((status) => status.needsApiKey), [], 'no status from before the key was saved');
});
