import assert from 'node:assert/strict';
import http from 'node:http';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../../../test/startServer.js';

describe('request bodies and their Content-Encoding', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.close());

  const post = (path: string, body: string | Uint8Array, encoding: string) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: typeof body === 'string' ? body : new Blob([new Uint8Array(body)]) });
  const json = JSON.stringify({ model: 'no-such-model', input: 'hi' });

  it('answers 400 in the family’s shape when the body is not what its Content-Encoding says', async () => {
    for (const encoding of ['gzip', 'deflate', 'br', 'GZip']) {
      const openAi = await post('/v1/embeddings', json, encoding);
      assert.equal(openAi.status, 400, encoding);
      const error = (await openAi.json()).error;
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.code, 'invalid_content_encoding');
      assert.match(error.message, new RegExp(`not valid ${encoding.toLowerCase()} data`));

      const ollama = await post('/api/embed', json, encoding);
      assert.equal(ollama.status, 400, encoding);
      assert.match((await ollama.json()).error, /Content-Encoding/);
    }
    // A gzip body cut short is the same mistake.
    const truncated = await post('/api/embed', gzipSync(json).subarray(0, 12), 'gzip');
    assert.equal(truncated.status, 400);
  });

  it('answers 415 to an encoding it does not know', async () => {
    for (const encoding of ['compress', 'zstd', 'gzip, br']) {
      const openAi = await post('/v1/embeddings', json, encoding);
      assert.equal(openAi.status, 415, encoding);
      const error = (await openAi.json()).error;
      assert.equal(error.code, 'unsupported_content_encoding');
      assert.match(error.message, /Unsupported Content-Encoding/);
      const ollama = await post('/api/embed', json, encoding);
      assert.equal(ollama.status, 415);
      assert.equal(typeof (await ollama.json()).error, 'string');
    }
  });

  it('reads a real gzip body, in any letter case', async () => {
    for (const encoding of ['gzip', 'GZIP']) {
      // Parsed: the model it names is looked up (and missing), rather than the body refused.
      const response = await post('/v1/embeddings', gzipSync(json), encoding);
      assert.equal(response.status, 404, encoding);
      assert.equal((await response.json()).error.code, 'model_not_found');
    }
  });

  it('after a large body it could not decode, the next request on the same connection is answered', async () => {
    // One socket, kept alive, as a client's connection pool reuses it.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const { port } = new URL(server.url);
    const send = (path: string, body: string, headers: Record<string, string> = {}) =>
      new Promise<number>((resolve, reject) => {
        const request = http.request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), ...headers } }, (response) => {
          response.resume();
          response.on('end', () => resolve(response.statusCode!));
        });
        request.on('error', reject);
        request.setTimeout(5000, () => request.destroy(new Error(`no answer to ${path} in 5 s`)));
        request.end(body);
      });
    try {
      // Large enough that most of it is still unread when the decoder fails at its first bytes.
      const large = JSON.stringify({ model: 'no-such-model', input: 'x'.repeat(200_000) });
      assert.equal(await send('/v1/embeddings', large, { 'content-encoding': 'deflate' }), 400);
      assert.equal(await send('/api/embed', json), 404);
    } finally {
      agent.destroy();
    }
  });
});
