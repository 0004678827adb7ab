import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DatastoreRecord } from '../../../common/rag.js';
import { RagClient } from '../../../test/ragClient.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const boundary = 'cutboundary';
const part = (fileName: string, content: string) =>
  `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`;

/** Multipart bodies that end early, as the fuzz suite (test/fuzz) sends them: each once took the whole server down. */
describe('uploads whose body is cut short or malformed', { skip: missingTestModels([testModels.tiny]) }, () => {
  let server: TestServer;
  let store: DatastoreRecord;
  // In `hearth serve` either would end the process; node's test runner catches them, so they are watched here.
  const uncaught: string[] = [];
  const onUncaught = (error: unknown) => void uncaught.push(String(error));
  before(async () => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
    server = await startTestServer({ models: [testModels.tiny], settings: { modelDefaults: { threads: 1 } } });
    store = await new RagClient(server.url).create({ name: 'Uploads', model: testModels.tiny, chunkSize: 64, chunkOverlap: 0 });
  });
  after(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await server?.close();
  });

  const post = (body: string) =>
    fetch(`${server.url}/v1/datastores/${store.id}/documents`, { method: 'POST', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body });

  for (const fileName of ['no-extension', 'notes.md']) {
    test(`no closing boundary after '${fileName}' → 400, and the server keeps serving`, async () => {
      const response = await post(part(fileName, '# Notes\n\nThe cat sat on the mat.'));
      assert.equal(response.status, 400);
      const body = (await response.json()) as { error: { message: string; param: string } };
      assert.match(body.error.message, /multipart body could not be read: Unexpected end of form/);
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
      assert.deepEqual(uncaught, [], 'nothing was thrown outside the request');
    });
  }

  test('one malformed part header after another → 400, and nothing thrown outside the request', async () => {
    const response = await post(`${part('a\u0000b.txt', 'PK not a docx')}`.repeat(5) + `--${boundary}--\r\n`);
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /Malformed part header/);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal((await fetch(`${server.url}/health`)).status, 200);
    assert.deepEqual(uncaught, [], 'nothing was thrown outside the request');
  });

  test('a client that leaves mid-upload ends the request: its staged files are removed', async () => {
    const jobsDir = path.join(server.dataDir, 'rag-jobs');
    const staged = async () => (await readdir(jobsDir, { withFileTypes: true }).catch(() => [])).filter((entry) => entry.isDirectory()).length;
    const before = await staged();
    const { hostname, port } = new URL(server.url);
    const socket = net.connect({ host: hostname, port: Number(port) });
    await new Promise((resolve) => socket.once('connect', resolve));
    const head = part('notes.md', 'The cat sat');
    socket.write(
      `POST /v1/datastores/${store.id}/documents HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: multipart/form-data; boundary=${boundary}\r\nContent-Length: ${head.length + 10_000}\r\n\r\n${head}`,
    );
    // Wait until the upload is staged, then leave.
    const deadline = Date.now() + 10_000;
    while ((await staged()) === before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(await staged(), before + 1, 'the upload was staged');
    socket.destroy();
    while ((await staged()) > before && Date.now() < deadline + 10_000) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(await staged(), before, 'the staged upload was removed once the client left');
    assert.deepEqual(uncaught, [], 'nothing was thrown outside the request');
  });
});
