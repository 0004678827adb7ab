import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ModelNotFoundError } from '../../common/errors.js';
import type { IpcCallContext, IpcHandlers } from '../../common/ipc/contract.js';
import { assertAllCallsHandled, createIpcDispatcher } from './dispatch.js';

const context: IpcCallContext = { emit: () => {} };

function handlers(calls: string[]): IpcHandlers {
  return {
    'server:getStatus': async () => ({ state: 'running', url: 'http://127.0.0.1:1', needsApiKey: false }),
    'models:list': async () => [{ id: 'a', state: 'loaded' }],
    'models:load': async ({ id }) => {
      calls.push(`load ${id}`);
      if (id === 'missing') throw new ModelNotFoundError(id);
      if (id === 'bug') throw new TypeError('undefined is not a function');
      return {};
    },
    'models:unload': async () => ({}),
    'chat:send': async (input) => {
      calls.push(`send ${input.model}`);
      return { text: 'hi', finishReason: 'stop' };
    },
    'chat:cancel': async () => ({ cancelled: false }),
  };
}

test('start-up refuses a handler map that misses a call, naming it', () => {
  const partial: Partial<IpcHandlers> = handlers([]);
  delete partial['chat:cancel'];
  assert.throws(() => assertAllCallsHandled(partial), /chat:cancel/);
  assert.doesNotThrow(() => assertAllCallsHandled(handlers([])));
});

test('bad input is rejected before the handler runs', async () => {
  const calls: string[] = [];
  const dispatch = createIpcDispatcher(handlers(calls));
  const bad: [string, unknown][] = [
    ['models:load', {}],
    ['models:load', { id: '' }],
    ['models:load', { id: 42 }],
    ['models:load', { id: 'a', extra: true }],
    ['models:load', 'a'],
    ['models:list', undefined],
    ['chat:send', { requestId: 'r', model: 'm', messages: [] }],
    ['chat:send', { requestId: 'r', model: 'm', messages: [{ role: 'root', content: 'x' }] }],
    ['chat:send', { requestId: 'r', model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 9 }],
  ];
  for (const [name, input] of bad) {
    const result = await dispatch(name, input, context);
    assert.equal(result.ok, false, `${name} ${JSON.stringify(input)}`);
    if (!result.ok) assert.equal(result.error.code, 'invalid_input');
  }
  assert.deepEqual(calls, []);
});

test('unknown calls are refused', async () => {
  const result = await createIpcDispatcher(handlers([]))('fs:readFile', { path: '/etc/passwd' }, context);
  assert.deepEqual(result.ok, false);
  if (!result.ok) assert.equal(result.error.code, 'unknown_call');
});

test('valid input reaches the handler; its value comes back', async () => {
  const calls: string[] = [];
  const dispatch = createIpcDispatcher(handlers(calls));
  const result = await dispatch('chat:send', { requestId: 'r', model: 'm', messages: [{ role: 'user', content: 'x' }] }, context);
  assert.deepEqual(result, { ok: true, value: { text: 'hi', finishReason: 'stop' } });
  assert.deepEqual(calls, ['send m']);
});

test('a HearthError keeps its code and message; a bug becomes a generic internal error', async () => {
  const dispatch = createIpcDispatcher(handlers([]));
  const missing = await dispatch('models:load', { id: 'missing' }, context);
  assert.equal(missing.ok, false);
  if (!missing.ok) {
    assert.equal(missing.error.code, 'model_not_found');
    assert.match(missing.error.message, /missing/);
  }
  const bug = await dispatch('models:load', { id: 'bug' }, context);
  assert.equal(bug.ok, false);
  if (!bug.ok) {
    assert.equal(bug.error.code, 'internal_error');
    assert.doesNotMatch(bug.error.message, /undefined is not a function/);
  }
});

test('a handler answer that breaks the contract is an error, not passed on', async () => {
  const broken = handlers([]);
  broken['models:list'] = async () => [{ id: 'a', state: 'sleeping' }] as never;
  const result = await createIpcDispatcher(broken)('models:list', {}, context);
  assert.equal(result.ok, false);
  if (!result.ok) assert.equal(result.error.code, 'invalid_output');
});
