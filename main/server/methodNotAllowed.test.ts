import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../test/startServer.js';

describe('Ollama routes called with the wrong method', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  const wrong: Array<[string, string, string]> = [
    ['GET', '/api/chat', 'POST'],
    ['GET', '/api/generate', 'POST'],
    ['POST', '/api/tags', 'GET'],
    ['GET', '/api/delete', 'DELETE'],
    ['PUT', '/ollama/api/show', 'POST'],
  ];
  for (const [method, route, allowed] of wrong) {
    test(`${method} ${route}: 405 with {"error"} in JSON and an Allow header`, async () => {
      const response = await fetch(`${server.url}${route}`, { method });
      assert.equal(response.status, 405);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.match(response.headers.get('allow') ?? '', new RegExp(allowed));
      const body = await response.json();
      assert.deepEqual(Object.keys(body), ['error']);
      assert.match(body.error, new RegExp(`${method} is not allowed on ${route}`));
    });
  }
});

describe('OPTIONS on an Ollama route', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  test('is no 405: it answers which methods the route takes', async () => {
    const response = await fetch(`${server.url}/api/chat`, { method: 'OPTIONS' });
    assert.ok(response.status < 300, String(response.status));
    assert.match(response.headers.get('allow') ?? '', /POST/);
  });
});

describe('every family answers a wrong method with 405 in its own error shape', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  const cases: Array<[string, string, (body: any) => string]> = [
    ['GET', '/v1/chat/completions', (body) => body.error.message],
    ['DELETE', '/api/v1/models', (body) => body.error.message],
    ['GET', '/lollms/v1/tokenize', (body) => body.error.message],
    ['GET', '/generate', (body) => body.detail],
  ];
  for (const [method, route, messageOf] of cases) {
    test(`${method} ${route}`, async () => {
      const response = await fetch(`${server.url}${route}`, { method });
      assert.equal(response.status, 405);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.ok(response.headers.get('allow'), 'an Allow header');
      const message = messageOf(await response.json());
      assert.match(message, new RegExp(`${method} is not allowed on ${route}; use `));
    });
  }
});

describe('a method no route knows answers 501 in the family’s error shape', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server?.close());

  const cases: Array<[string, (body: any) => string]> = [
    ['/v1/chat/completions', (body) => body.error.message],
    ['/api/generate', (body) => body.error],
    ['/lollms/v1/tokenize', (body) => body.error.message],
    ['/generate', (body) => body.detail],
    ['/v1/admin/keys', (body) => body.error.message],
  ];
  for (const [route, messageOf] of cases) {
    test(`PROPFIND ${route}`, async () => {
      const response = await fetch(`${server.url}${route}`, { method: 'PROPFIND' });
      assert.equal(response.status, 501);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.match(messageOf(await response.json()), /PROPFIND is not a method Hearth implements/);
    });
  }
});
