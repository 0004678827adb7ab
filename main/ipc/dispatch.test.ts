import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EngineBusyError, HearthError, ModelNotFoundError, RateLimitError } from '../../common/errors.js';
import { ipcCalls, type IpcCallContext, type IpcHandlers, type ModelSummary } from '../../common/ipc/contract.js';
import { fromIpcError } from '../../common/ipc/ipcError.js';
import { assertAllCallsHandled, createIpcDispatcher } from './dispatch.js';

const context: IpcCallContext = { emit: () => {} };
const model = (id: string): ModelSummary => ({ id, state: 'loaded', aliases: [], sizeBytes: 1, modifiedAt: 0 });

/** Every call answers a placeholder; the ones a test looks at are real. */
function handlers(calls: string[]): IpcHandlers {
  const all = Object.fromEntries(Object.keys(ipcCalls).map((name) => [name, async () => ({})])) as unknown as IpcHandlers;
  return {
    ...all,
    'models:list': async () => [model('a')],
    'models:load': async ({ id }) => {
      calls.push(`load ${id}`);
      if (id === 'missing') throw new ModelNotFoundError(id);
      if (id === 'bug') throw new TypeError('undefined is not a function');
      if (id === 'busy') throw new EngineBusyError('The model is busy.', 3);
      if (id === 'limited') throw new RateLimitError('Too many requests.', 7);
      return model(id);
    },
    'chat:send': async (input) => {
      calls.push(`send ${input.model}`);
      return { text: 'hi', finishReason: 'stop' };
    },
  };
}

test('start-up refuses a handler map that misses a call, naming it', () => {
  const partial: Partial<IpcHandlers> = handlers([]);
  delete partial['chat:cancel'];
  delete partial['rag:addFiles'];
  assert.throws(() => assertAllCallsHandled(partial), /rag:addFiles, chat:cancel/);
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
    ['models:updateSettings', { id: 'a', patch: { contextSize: 'huge' } }],
    ['models:updateSettings', { id: 'a', patch: { parallelSlots: 0 } }],
    ['keys:create', { alias: '' }],
    ['keys:create', { alias: 'a', role: 'root' }],
    ['rag:create', { name: 'x', model: 'm', chunkSize: 64, chunkOverlap: 64 }],
    ['rag:query', { datastoreId: 'd', query: '' }],
    ['settings:update', { patch: { port: 70000 } }],
    ['settings:update', { patch: { dataDir: '/elsewhere' } }],
    ['chat:send', { requestId: 'r', model: 'm', messages: [] }],
    ['chat:send', { requestId: 'r', model: 'm', messages: [{ role: 'root', content: 'x' }] }],
    ['chat:send', { requestId: 'r', model: 'm', messages: [{ role: 'user', content: 'x' }], temperature: 9 }],
  ];
  for (const [name, input] of bad) {
    const result = await dispatch(name, input, context);
    assert.equal(result.ok, false, `${name} ${JSON.stringify(input)}`);
    if (!result.ok) {
      assert.equal(result.error.code, 'invalid_input');
      assert.equal(result.error.status, 400);
    }
  }
  assert.deepEqual(calls, []);
});

test('unknown calls are refused, prototype names included', async () => {
  for (const name of ['fs:readFile', 'toString', '__proto__', 'constructor', '']) {
    const result = await createIpcDispatcher(handlers([]))(name, { path: '/etc/passwd' }, context);
    assert.equal(result.ok, false, name);
    if (!result.ok) assert.equal(result.error.code, 'unknown_call');
  }
});

test('valid input reaches the handler; its value comes back', async () => {
  const calls: string[] = [];
  const dispatch = createIpcDispatcher(handlers(calls));
  const result = await dispatch('chat:send', { requestId: 'r', model: 'm', messages: [{ role: 'user', content: 'x' }] }, context);
  assert.deepEqual(result, { ok: true, value: { text: 'hi', finishReason: 'stop' } });
  assert.deepEqual(calls, ['send m']);
});

test('an error keeps its code and HTTP status across the bridge, 429 and 503 included; a bug becomes a generic 500', async () => {
  const dispatch = createIpcDispatcher(handlers([]));
  const expected: [string, number, string][] = [
    ['missing', 404, 'model_not_found'],
    ['busy', 503, 'unavailable_error'],
    ['limited', 429, 'rate_limit_exceeded'],
  ];
  for (const [id, status, code] of expected) {
    const result = await dispatch('models:load', { id }, context);
    assert.equal(result.ok, false);
    if (result.ok) continue;
    assert.equal(result.error.code, code);
    assert.equal(result.error.status, status);
    // What the renderer rebuilds is what the web UI gets from the HTTP route.
    const error = fromIpcError(result.error);
    assert.ok(error instanceof HearthError);
    assert.equal(error.status, status, id);
    assert.equal(error.code, code);
  }
  const limited = await dispatch('models:load', { id: 'limited' }, context);
  if (!limited.ok) assert.equal(fromIpcError(limited.error).retryAfter, 7);
  const bug = await dispatch('models:load', { id: 'bug' }, context);
  assert.equal(bug.ok, false);
  if (!bug.ok) {
    assert.equal(bug.error.code, 'internal_error');
    assert.equal(bug.error.status, 500);
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
