import { test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Koa from 'koa';
import { errorsMiddleware } from '../middleware/errors.js';
import { webUiMiddleware } from './router.js';

async function serve(root: string | undefined, t: import('node:test').TestContext): Promise<string> {
  const app = new Koa();
  app.silent = true;
  app.use(errorsMiddleware());
  app.use(webUiMiddleware(root === undefined ? {} : { root }));
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function builtUi(t: import('node:test').TestContext): Promise<string> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-webui-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(path.join(root, 'assets'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(root, 'assets', 'app-1234.js'), 'console.log(1)');
  await writeFile(path.join(root, 'assets', 'app-1234.css'), 'body{}');
  // A file beside the UI folder that no URL may reach.
  const secret = path.join(path.dirname(root), 'hearth-webui-secret.txt');
  await writeFile(secret, 'secret');
  t.after(() => rm(secret, { force: true }));
  return root;
}

test('serves index.html at / with a strict CSP', async (t) => {
  const url = await serve(await builtUi(t), t);
  const response = await fetch(`${url}/`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
  const csp = response.headers.get('content-security-policy') ?? '';
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.match(await response.text(), /id="root"/);
});

test('serves assets with their MIME types', async (t) => {
  const url = await serve(await builtUi(t), t);
  const js = await fetch(`${url}/assets/app-1234.js`);
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
  assert.match(js.headers.get('cache-control') ?? '', /immutable/);
  const css = await fetch(`${url}/assets/app-1234.css`);
  assert.match(css.headers.get('content-type') ?? '', /^text\/css/);
});

test('client-side routes fall back to index.html; missing assets and API paths do not', async (t) => {
  const url = await serve(await builtUi(t), t);
  const route = await fetch(`${url}/chat-history/42`);
  assert.equal(route.status, 200);
  assert.match(await route.text(), /id="root"/);
  assert.equal((await fetch(`${url}/assets/missing.js`)).status, 404);
  const api = await fetch(`${url}/v1/nothing-here`);
  assert.equal(api.status, 404);
  assert.match(api.headers.get('content-type') ?? '', /json/);
});

test('only GET and HEAD; no path escapes the UI folder', async (t) => {
  const url = await serve(await builtUi(t), t);
  assert.equal((await fetch(`${url}/`, { method: 'POST' })).status, 404);
  assert.equal((await fetch(`${url}/`, { method: 'HEAD' })).status, 200);
  for (const escape of ['/..%2fhearth-webui-secret.txt', '/%2e%2e/hearth-webui-secret.txt', '/assets/..%2f..%2fhearth-webui-secret.txt']) {
    const response = await fetch(`${url}${escape}`);
    assert.notEqual(await response.text(), 'secret', escape);
  }
});

test('without a build, / says how to build the UI', async (t) => {
  const url = await serve(path.join(os.tmpdir(), 'hearth-no-such-ui'), t);
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /npm run build/);
  assert.equal((await fetch(`${url}/assets/app.js`)).status, 404);
});

test('the setup answer gives a loopback visitor the key command with this server\'s data dir', async (t) => {
  const app = new Koa();
  app.silent = true;
  app.use(errorsMiddleware());
  app.use(webUiMiddleware({ root: path.join(os.tmpdir(), 'hearth-no-such-ui'), dataDir: '/srv/hearth data' }));
  const server = http.createServer(app.callback());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/webui/setup.json`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), {
    keyCommand: 'npm run hearth -- keys create --alias web-ui --role admin --data-dir "/srv/hearth data"',
    dataDir: '/srv/hearth data',
  });
});
