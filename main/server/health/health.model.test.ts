import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

describe('GET /health and GET /ready', { skip: missingTestModels([testModels.tinyRandom]) }, () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ models: [testModels.tinyRandom] });
  });
  after(() => server?.close());

  const ready = async () => {
    const response = await fetch(`${server.url}/ready`);
    return { status: response.status, body: await response.json(), retryAfter: response.headers.get('retry-after') };
  };

  test('health is always healthy, with a timestamp', async () => {
    const response = await fetch(`${server.url}/health`);
    assert.equal(response.status, 200);
    const body = await response.json();
    assert.equal(body.status, 'healthy');
    assert.ok(Math.abs(Date.parse(body.timestamp) - Date.now()) < 60_000);
  });

  test('ready is 503 "starting" while start-up models load, then 200', async () => {
    assert.equal((await ready()).status, 200);
    let warmed = false;
    const warming = server.services.engine.warmUp([testModels.tinyRandom, 'no-such-model']).then(() => (warmed = true));
    assert.equal(server.services.engine.readiness(), 'starting');
    const during = await ready();
    // Answered before the loads were done (loading takes far longer than a loopback request), it says starting.
    if (!warmed) {
      assert.equal(during.status, 503);
      assert.equal(during.body.status, 'starting');
      assert.equal(during.retryAfter, '1');
    }
    await warming;
    const done = await ready();
    assert.equal(done.status, 200, 'a start-up model that failed to load is logged and does not keep the server from serving');
    assert.equal(done.body.status, 'ready');
    assert.ok((await server.services.engine.listModels()).find((model) => model.id === testModels.tinyRandom)?.loaded);
  });

  test('ready is 503 "stopping" once the engine shuts down; health stays up', async () => {
    const disposing = server.services.engine.dispose();
    const stopping = await ready();
    assert.equal(stopping.status, 503);
    assert.equal(stopping.body.status, 'stopping');
    await disposing;
    assert.equal((await ready()).status, 503);
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
  });
});
