import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LocalLabCurrentResponse, LocalLabLoadResponse, LocalLabModelsAvailable, LocalLabSystemInfo, LocalLabUnloadResponse } from '../../../common/api/locallab.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny, testModels.chatml];

describe('LocalLab /models/* and /system/info', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  const get = async <T>(path: string) => {
    const response = await fetch(`${server.url}${path}`);
    assert.equal(response.status, 200, path);
    return (await response.json()) as T;
  };
  const post = (path: string, body?: unknown) =>
    fetch(`${server.url}${path}`, { method: 'POST', ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }) });
  const state = async (id: string) => (await server.services.engine.getModel(id)).state;
  before(async () => {
    server = await startTestServer({ models });
  });
  after(() => server?.close());

  test('available lists every model on disk, none loaded; current says none', async () => {
    const { models: listed } = await get<LocalLabModelsAvailable>('/models/available');
    assert.deepEqual(listed.map((m) => m.id).sort(), [...models].sort());
    for (const model of listed) {
      assert.equal(model.is_loaded, false);
      assert.equal(model.status, 'unloaded');
      assert.equal(model.architecture, 'llama');
      assert.ok(model.size_bytes > 0);
    }
    assert.equal(listed.find((m) => m.id === testModels.chatml)!.has_chat_template, true);
    assert.deepEqual(await get<LocalLabCurrentResponse>('/models/current'), { model_id: null, status: 'no_model_loaded' });
  });

  test('load makes a model current; loading another makes that one current', async () => {
    const response = await post('/models/load', { model_id: testModels.tiny });
    assert.equal(response.status, 200);
    const loaded = (await response.json()) as LocalLabLoadResponse;
    assert.equal(loaded.model_id, testModels.tiny);
    assert.equal(loaded.downloaded_from, null);
    assert.ok(loaded.model.loaded!.context_size > 0);
    assert.equal(await state(testModels.tiny), 'loaded');
    assert.equal((await get<LocalLabCurrentResponse>('/models/current')).model_id, testModels.tiny);

    assert.equal((await post('/models/load', { model_id: testModels.chatml })).status, 200);
    const current = await get<LocalLabCurrentResponse>('/models/current');
    assert.equal(current.model_id, testModels.chatml);
    assert.equal(current.status, 'loaded');
    const available = await get<LocalLabModelsAvailable>('/models/available');
    assert.deepEqual(available.models.filter((m) => m.is_loaded).map((m) => m.id).sort(), [...models].sort());
  });

  test('system info: CPU, memory, platform, loaded models and uptime', async () => {
    const info = await get<LocalLabSystemInfo>('/system/info');
    assert.ok(info.cpu.cores >= 1 && typeof info.cpu.model === 'string');
    assert.ok(info.cpu.usage_percent >= 0 && info.cpu.usage_percent <= 100);
    assert.ok(info.memory.total_bytes > 0 && info.memory.used_bytes + info.memory.free_bytes === info.memory.total_bytes);
    assert.ok(info.memory.percent > 0 && info.memory.percent <= 100);
    // The test server runs with the GPU turned off.
    assert.equal(info.gpu, null);
    assert.equal(info.platform.node, process.version);
    assert.equal(info.active_model, testModels.chatml);
    assert.deepEqual(info.loaded_models.sort(), [...models].sort());
    assert.ok(info.uptime >= 0 && !Number.isNaN(Date.parse(info.timestamp)));
    const health = await get<{ status: string; timestamp: string }>('/health');
    assert.equal(health.status, 'healthy');
  });

  test('unload without a body unloads the current model; the other becomes current', async () => {
    const response = await post('/models/unload');
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as LocalLabUnloadResponse).model_id, testModels.chatml);
    assert.equal(await state(testModels.chatml), 'unloaded');
    assert.equal((await get<LocalLabCurrentResponse>('/models/current')).model_id, testModels.tiny);
  });

  test('unload by model_id; then nothing is current and unloading again is a no-op', async () => {
    assert.equal((await post('/models/unload', { model_id: testModels.tiny })).status, 200);
    assert.equal(await state(testModels.tiny), 'unloaded');
    assert.equal((await get<LocalLabCurrentResponse>('/models/current')).model_id, null);
    const again = (await (await post('/models/unload', {})).json()) as LocalLabUnloadResponse;
    assert.equal(again.model_id, null);
  });

  test('unknown models are 404 and bad bodies 400, in the detail shape', async () => {
    for (const [path, body, status] of [
      ['/models/load', { model_id: 'no-such-model' }, 404],
      ['/models/unload', { model_id: 'no-such-model' }, 404],
      ['/models/load', {}, 400],
      ['/models/load', { model_id: '' }, 400],
      ['/models/load', { model_id: 7 }, 400],
    ] as const) {
      const response = await post(path, body);
      assert.equal(response.status, status, `${path} ${JSON.stringify(body)}`);
      assert.equal(typeof ((await response.json()) as { detail: unknown }).detail, 'string');
    }
  });
});

describe('LocalLab model management needs an admin key', { skip: missingTestModels([testModels.tiny]) }, () => {
  let server: TestServer;
  let admin: string;
  let user: string;
  const post = (path: string, key: string | null, body: unknown) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) }, body: JSON.stringify(body) });
  before(async () => {
    server = await startTestServer({ models: [testModels.tiny], settings: { requireApiKeys: true } });
    admin = (await server.services.keys.create({ alias: 'admin', role: 'admin' })).key;
    user = (await server.services.keys.create({ alias: 'user', role: 'user' })).key;
  });
  after(() => server?.close());

  test('a user key may not load or unload (403), an admin key may; no key is 401', async () => {
    assert.equal((await post('/models/load', null, { model_id: testModels.tiny })).status, 401);
    const refused = await post('/models/load', user, { model_id: testModels.tiny });
    assert.equal(refused.status, 403);
    assert.match(((await refused.json()) as { detail: string }).detail, /admin/);
    assert.equal(await (await server.services.engine.getModel(testModels.tiny)).state, 'unloaded');
    assert.equal((await post('/models/load', admin, { model_id: testModels.tiny })).status, 200);
    assert.equal((await post('/models/unload', user, {})).status, 403);
    assert.equal((await server.services.engine.getModel(testModels.tiny)).state, 'loaded');
  });

  test('a user key may generate with the loaded model', async () => {
    const response = await post('/generate', user, { prompt: 'Hi', max_length: 2 });
    assert.equal(response.status, 200);
  });
});
