import assert from 'node:assert/strict';
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
});
