import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { apiFamilyOf, familyOf, isApiPath, isPublicRequest } from './apiPaths.js';

describe('one definition of API paths', () => {
  // Every family's prefixes, in the case the routers also match (they match case-insensitively).
  const families: Array<[string, ReturnType<typeof apiFamilyOf>]> = [
    ['/v1/chat/completions', 'openai'],
    ['/V1/Models', 'openai'],
    ['/api/v1/responses', 'openai'],
    ['/API/V1/models', 'openai'],
    ['/ollama/v1/models', 'openai'],
    ['/lollms/v1/tokenize', 'openai'],
    ['/v1/messages', 'anthropic'],
    ['/V1/Messages/count_tokens', 'anthropic'],
    ['/v1/messagesx', 'openai'],
    ['/api/chat', 'ollama'],
    ['/Api/Tags', 'ollama'],
    ['/ollama/api/chat', 'ollama'],
    ['/generate', 'locallab'],
    ['/Chat', 'locallab'],
    ['/models/current', 'locallab'],
    ['/system/info', 'locallab'],
    ['/health', 'locallab'],
    ['//v1//models', 'openai'],
    ['/%761/models', 'openai'],
    ['/', null],
    ['/assets/index.js', null],
    ['/settings', null],
    ['/v1x', null],
  ];
  for (const [path, family] of families) {
    test(`${path} → ${family ?? 'no family'}`, () => {
      assert.equal(apiFamilyOf(path), family);
      assert.equal(familyOf(path), family ?? 'locallab');
    });
  }

  test('API paths are counted whatever their case; probes and pages are not', () => {
    for (const path of ['/v1/models', '/V1/MODELS', '/v1/messages', '/API/generate', '/%zz']) assert.equal(isApiPath(path), true, path);
    for (const path of ['/health', '/ready/', '/', '/index.html', '/assets/app.js']) assert.equal(isApiPath(path), false, path);
  });

  test('only probes and GET/HEAD pages are public, in any case', () => {
    assert.equal(isPublicRequest('GET', '/health'), true);
    assert.equal(isPublicRequest('GET', '/READY'), true);
    assert.equal(isPublicRequest('GET', '/'), true);
    assert.equal(isPublicRequest('HEAD', '/assets/app.js'), true);
    assert.equal(isPublicRequest('POST', '/'), false);
    for (const path of ['/v1/models', '/V1/models', '/v1/Messages', '/Api/tags', '/Models/available', '/health/x', '/%zz']) {
      assert.equal(isPublicRequest('GET', path), false, path);
    }
  });
});

describe('the server answers an unknown API path in its family’s shape, whatever its case', () => {
  let server: TestServer;
  let webUi: string;
  const previous = process.env.HEARTH_WEBUI_DIR;
  before(async () => {
    // A built web UI, so a path the web UI took for a client-side route would come back as its page.
    webUi = await mkdtemp(path.join(os.tmpdir(), 'hearth-webui-'));
    await writeFile(path.join(webUi, 'index.html'), '<!doctype html><div id="root"></div>');
    process.env.HEARTH_WEBUI_DIR = webUi;
    server = await startTestServer();
  });
  after(async () => {
    if (previous === undefined) delete process.env.HEARTH_WEBUI_DIR;
    else process.env.HEARTH_WEBUI_DIR = previous;
    await server?.close();
    await rm(webUi, { recursive: true, force: true });
  });

  const cases: Array<[string, (body: any) => unknown]> = [
    ['/V1/nothing-here', (body) => body.error.code],
    ['/Api/V1/nothing-here', (body) => body.error.code],
    ['/v1/Messages/nothing-here', (body) => body.type === 'error' && body.error.type],
    ['/API/nothing-here', (body) => typeof body.error],
    ['/Models/nothing-here', (body) => typeof body.detail],
  ];
  const expected = ['unknown_route', 'unknown_route', 'not_found_error', 'string', 'string'];
  cases.forEach(([route, read], index) => {
    test(`GET ${route}`, async () => {
      const response = await fetch(`${server.url}${route}`);
      assert.equal(response.status, 404);
      assert.match(response.headers.get('content-type') ?? '', /application\/json/);
      assert.equal(read(await response.json()), expected[index]);
    });
  });

  test('a client-side route still gets the page', async () => {
    const response = await fetch(`${server.url}/chat-history/42`);
    assert.equal(response.status, 200);
    assert.match(await response.text(), /id="root"/);
  });
});
