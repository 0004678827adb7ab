import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, test } from 'node:test';
import OpenAI from 'openai';
import { Ollama } from 'ollama';
import { startTestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const model = testModels.tiny;
/** What /api/ps shows for a model that never unloads. */
const never = '2318-01-01T00:00:00.000Z';

describe('keep-alive too long for a timer', { skip: missingTestModels([model]) }, () => {
  test('keep_alive past 24.8 days (or 1e308) keeps the model loaded instead of unloading it at once', async () => {
    const server = await startTestServer({ models: [model], settings: { modelDefaults: { threads: 1 } } });
    try {
      const client = new Ollama({ host: server.url });
      for (const keepAlive of [1e308, 2 ** 31, '600h']) {
        const loaded = await client.generate({ model, prompt: '', keep_alive: keepAlive as number });
        assert.equal(loaded.done_reason, 'load');
        // An overflowing setTimeout fires after 1 ms; give it far longer than that.
        await sleep(300);
        const running = (await client.ps()).models.find((entry) => entry.name === `${model}:latest`);
        assert.ok(running, `${keepAlive}: still loaded`);
        assert.equal(new Date(running.expires_at).toISOString(), never, `${keepAlive}: shown as never expiring`);
      }
      // 1e309 is Infinity once JSON.parse reads it: the same "forever", not a 400.
      const infinite = await fetch(`${server.url}/api/generate`, { method: 'POST', body: `{"model":"${model}","prompt":"","keep_alive":1e309}` });
      assert.equal(infinite.status, 200);
      await sleep(300);
      const [kept] = (await client.ps()).models;
      assert.ok(kept, 'still loaded');
      assert.equal(new Date(kept.expires_at).toISOString(), never);
      // After a generation too, the one place the timer is set clamps it.
      await client.generate({ model, prompt: 'Once', stream: false, keep_alive: 1e308, options: { num_predict: 2 } });
      await sleep(300);
      assert.equal((await client.ps()).models.length, 1);
    } finally {
      await server.close();
    }
  });

  test('an idleTtlSeconds setting past 24.8 days keeps the model loaded', async () => {
    const server = await startTestServer({ models: [model], settings: { modelDefaults: { threads: 1, idleTtlSeconds: 1e9 } } });
    try {
      assert.equal(server.services.settings.get().modelDefaults.idleTtlSeconds, -1, 'read as "never" when the settings are parsed');
      const openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused' });
      await openai.chat.completions.create({ model, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 2 });
      await sleep(300);
      const [info] = await server.services.engine.listModels();
      assert.equal(info?.state, 'loaded');
      assert.equal(info?.loaded?.expiresAt, null);
    } finally {
      await server.close();
    }
  });
});
