import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HearthError } from '../errors.js';
import { startTestServer } from '../../test/startServer.js';
import { missingTestModels, testModels } from '../../test/testModels.js';
import { createHttpCalls } from './httpCalls.js';
import type { IpcCallContext, IpcEvents } from './contract.js';

const model = testModels.chatml;
const skip = missingTestModels([model]);

function recorder(): IpcCallContext & { deltas: string[] } {
  const deltas: string[] = [];
  return { deltas, emit: (_event, payload) => deltas.push((payload as IpcEvents['chat:onDidStream']).delta) };
}

test('the contract over HTTP: list, load, unload against the real server', { skip }, async (t) => {
  const server = await startTestServer({ models: [model] });
  t.after(() => server.close());
  const calls = createHttpCalls({ baseUrl: () => server.url, apiKey: () => null });
  const context = recorder();
  assert.deepEqual(await calls['server:getStatus']({}, context), { state: 'running', url: server.url, needsApiKey: false });
  assert.deepEqual(await calls['models:list']({}, context), [{ id: model, state: 'unloaded', ownedBy: 'hearth' }]);
  await calls['models:load']({ id: model }, context);
  assert.equal((await calls['models:list']({}, context))[0]?.state, 'loaded');
  await calls['models:unload']({ id: model }, context);
  assert.equal((await calls['models:list']({}, context))[0]?.state, 'unloaded');
  await assert.rejects(calls['models:load']({ id: 'no-such-model' }, context), (error: unknown) => error instanceof HearthError && error.status === 404);
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
  const long = calls['chat:send']({ requestId: 'b', model, messages, maxTokens: 100_000 }, { emit: (event, payload) => {
    cancelled.emit(event, payload);
    if (cancelled.deltas.length === 3) void calls['chat:cancel']({ requestId: 'b' }, cancelled);
  } });
  const result = await long;
  assert.equal(result.finishReason, 'cancelled');
  assert.equal(result.text, cancelled.deltas.join(''));
  assert.deepEqual(await calls['chat:cancel']({ requestId: 'b' }, cancelled), { cancelled: false });
});
