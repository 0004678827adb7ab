import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { DownloadRecord } from '../../../common/downloads.js';
import { startHfMirror, type HfMirror } from '../../../test/fixtures/hfMirror.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModelPath, testModels } from '../../../test/testModels.js';

const skip = missingTestModels([testModels.tiny, testModels.chatml]);

/** Reads an SSE response to the end: every `data:` payload before `[DONE]`. */
async function readSse(response: Response): Promise<unknown[]> {
  const text = await response.text();
  const events = text.split('\n\n').filter((e) => e.startsWith('data: ')).map((e) => e.slice(6));
  assert.equal(events.at(-1), '[DONE]');
  return events.slice(0, -1).map((e) => JSON.parse(e));
}

describe('library and download admin routes', { skip }, () => {
  let mirror: HfMirror;
  let root: string;
  let server: TestServer;
  const dirs = () => ({ dataDir: path.join(root, 'data'), modelsDir: path.join(root, 'models') });
  const start = () => startTestServer({ ...dirs(), settings: { hfEndpoint: mirror.url } });
  const api = (p: string, init: RequestInit = {}) =>
    fetch(`${server.url}/v1/admin${p}`, { ...init, headers: { 'Content-Type': 'application/json', ...init.headers } });

  before(async () => {
    mirror = await startHfMirror({
      'test/tiny-GGUF': { files: { 'stories260K-F32.gguf': testModelPath(testModels.tiny), 'stories260K-chatml-Q8_0.gguf': testModelPath(testModels.chatml) }, downloads: 3 },
    });
    root = await mkdtemp(path.join(os.tmpdir(), 'hearth-libroutes-'));
    server = await start();
  });
  after(async () => {
    await server?.close();
    await mirror.close();
    await rm(root, { recursive: true, force: true });
  });

  test('search, catalog and repo files with fit', async () => {
    const found = await (await api('/library/search?q=tiny')).json();
    assert.equal(found.data[0].id, 'test/tiny-GGUF');
    const catalog = await (await api('/library/catalog')).json();
    assert.ok(catalog.data.some((e: { purpose: string }) => e.purpose === 'embedding'));
    const files = await (await api('/library/repos/test/tiny-GGUF/files')).json();
    assert.deepEqual(files.data.map((f: { quantization: string }) => f.quantization), ['F32', 'Q8_0']);
    assert.equal(files.data[0].fit.fits, true);
    const missing = await api('/library/repos/nobody/nothing/files');
    assert.equal(missing.status, 404);
    assert.equal((await missing.json()).error.type, 'not_found_error');
  });

  test('bad refs answer 400 in the OpenAI error shape', async () => {
    for (const ref of ['hf:test/tiny-GGUF/../../x.gguf', 'http://example.com/x.gguf', '']) {
      const response = await api('/downloads', { method: 'POST', body: JSON.stringify({ ref }) });
      assert.equal(response.status, 400, ref);
      assert.equal((await response.json()).error.param, 'ref');
    }
  });

  test('a download streams progress over SSE, then the model is listed; settings apply to loads and survive a restart', async () => {
    const started = await api('/downloads', { method: 'POST', body: JSON.stringify({ ref: 'hf.co/test/tiny-GGUF:Q8_0' }) });
    assert.equal(started.status, 202);
    const record = (await started.json()) as DownloadRecord;
    const events = (await readSse(await api(`/downloads/${record.id}/events`))) as DownloadRecord[];
    assert.equal(events.at(-1)!.state, 'completed');
    assert.equal(events.at(-1)!.receivedBytes, events.at(-1)!.totalBytes);

    const list = await (await api('/library/models')).json();
    const model = list.data.find((m: { id: string }) => m.id === 'stories260K-chatml-Q8_0');
    assert.ok(model, 'listed after download');
    assert.equal(model.hasChatTemplate, true);
    assert.equal(model.sha256, mirror.sha256Of('test/tiny-GGUF/stories260K-chatml-Q8_0.gguf'));
    assert.ok((await server.services.engine.listModels()).some((m) => m.id === model.id), 'the engine sees it too');

    const patched = await api(`/library/models/${model.id}/settings`, { method: 'PATCH', body: JSON.stringify({ contextSize: 256, threads: 1 }) });
    assert.equal(patched.status, 200);
    assert.deepEqual((await patched.json()).settings, { contextSize: 256, threads: 1 });
    const bad = await api(`/library/models/${model.id}/settings`, { method: 'PATCH', body: JSON.stringify({ contextSize: 'huge' }) });
    assert.equal(bad.status, 400);
    assert.equal((await bad.json()).error.param, 'contextSize');

    await server.close();
    server = await start();
    const kept = await (await api(`/library/models/${model.id}/settings`)).json();
    assert.deepEqual(kept.settings, { contextSize: 256, threads: 1 }, 'survives a restart');

    // A JIT load through the OpenAI API, as any client would trigger it.
    const chat = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ model: model.id, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4 }),
    });
    assert.equal(chat.status, 200, await chat.clone().text());
    const info = await server.services.engine.getModel(model.id);
    assert.equal(info.loaded?.contextSize, 256, 'JIT load used the saved context size');
    assert.equal(info.loaded?.threads, 1);

    const refused = await api(`/library/models/${model.id}`, { method: 'DELETE' });
    assert.equal(refused.status, 409);
    assert.ok(existsSync(path.join(dirs().modelsDir, `${model.id}.gguf`)));
    const deleted = await api(`/library/models/${model.id}?unload=true`, { method: 'DELETE' });
    assert.equal(deleted.status, 200);
    assert.ok(!existsSync(path.join(dirs().modelsDir, `${model.id}.gguf`)));
    assert.ok(!(await server.services.engine.listModels()).some((m) => m.id === model.id));
  });

  test('load and unload by route use the saved settings', async () => {
    const record = (await (await api('/downloads', { method: 'POST', body: JSON.stringify({ ref: 'hf:test/tiny-GGUF/stories260K-F32.gguf' }) })).json()) as DownloadRecord;
    await server.services.downloads.whenDone(record.id);
    await api('/library/models/stories260K-F32/settings', { method: 'PATCH', body: JSON.stringify({ contextSize: 512, threads: 1 }) });
    const loaded = await (await api('/library/models/stories260K-F32/load', { method: 'POST' })).json();
    assert.equal(loaded.loaded.contextSize, 512);
    const unloaded = await (await api('/library/models/stories260K-F32/unload', { method: 'POST' })).json();
    assert.equal(unloaded.state, 'unloaded');
    const downloads = await (await api('/downloads')).json();
    assert.ok(downloads.data.some((d: DownloadRecord) => d.id === record.id && d.state === 'completed'));
  });

  test('saved settings apply to JIT loads from the Ollama and LocalLab APIs too', async () => {
    if (!(await server.services.engine.listModels()).some((m) => m.id === 'stories260K-F32')) {
      const record = (await (await api('/downloads', { method: 'POST', body: JSON.stringify({ ref: 'hf:test/tiny-GGUF/stories260K-F32.gguf' }) })).json()) as DownloadRecord;
      await server.services.downloads.whenDone(record.id);
    }
    const patched = await api('/library/models/stories260K-F32/settings', { method: 'PATCH', body: JSON.stringify({ contextSize: 256, threads: 1, parallelSlots: 1 }) });
    assert.equal(patched.status, 200, await patched.clone().text());
    const post = (route: string, body: object) => fetch(`${server.url}${route}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const jitLoads: Array<[string, object]> = [
      ['/api/chat', { model: 'stories260K-F32', messages: [{ role: 'user', content: 'Hi' }], stream: false, options: { num_predict: 2 } }],
      ['/api/generate', { model: 'stories260K-F32:latest', prompt: 'Hi', stream: false, options: { num_predict: 2 } }],
      ['/generate', { model_id: 'stories260K-F32', prompt: 'Hi', max_length: 2 }],
    ];
    for (const [route, body] of jitLoads) {
      await server.services.engine.unload('stories260K-F32');
      const response = await post(route, body);
      assert.equal(response.status, 200, `${route}: ${await response.clone().text()}`);
      const info = await server.services.engine.getModel('stories260K-F32');
      assert.equal(info.loaded?.contextSize, 256, `${route} loaded with the saved context size`);
      assert.equal(info.loaded?.threads, 1, route);
      assert.equal(info.loaded?.parallelSlots, 1, route);
    }
  });

  test('cancel by route leaves nothing listed', async () => {
    mirror.setFault('test/tiny-GGUF/stories260K-chatml-Q8_0.gguf', { bytesPerSecond: 200_000 });
    const record = (await (await api('/downloads', { method: 'POST', body: JSON.stringify({ ref: 'hf.co/test/tiny-GGUF:Q8_0' }) })).json()) as DownloadRecord;
    const cancelled = await (await api(`/downloads/${record.id}?discard=true`, { method: 'DELETE' })).json();
    mirror.setFault('test/tiny-GGUF/stories260K-chatml-Q8_0.gguf', undefined);
    assert.equal(cancelled.state, 'cancelled');
    const list = await (await api('/library/models')).json();
    assert.ok(!list.data.some((m: { id: string }) => m.id === 'stories260K-chatml-Q8_0'));
    assert.ok(!existsSync(path.join(dirs().modelsDir, 'stories260K-chatml-Q8_0.gguf.part')));
  });

  test('the routes need an admin key when keys are required', async () => {
    await server.services.settings.update({ requireApiKeys: true });
    try {
      assert.equal((await api('/downloads')).status, 401);
      const user = await server.services.keys.create({ alias: 'u', role: 'user' });
      assert.equal((await api('/downloads', { headers: { Authorization: `Bearer ${user.key}` } })).status, 403);
      const admin = await server.services.keys.create({ alias: 'a', role: 'admin' });
      assert.equal((await api('/library/models', { headers: { Authorization: `Bearer ${admin.key}` } })).status, 200);
    } finally {
      await server.services.settings.update({ requireApiKeys: false });
    }
  });
});
