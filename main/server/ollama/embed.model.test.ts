import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// stories260K is no embedding model: shape, determinism and order are checked, and similarity only as a
// sanity check of the geometry (a sentence is nearer its near-copies than unrelated text), not of quality.
const models = [testModels.tiny];
const norm = (vector: number[]) => Math.hypot(...vector);

describe('POST /api/embed and /api/embeddings', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: Ollama;
  before(async () => {
    server = await startTestServer({ models });
    client = new Ollama({ host: server.url });
  });
  after(() => server?.close());

  test('one input: one unit vector of the model size, the same each time', async () => {
    const first = await client.embed({ model: testModels.tiny, input: 'A cat sits on the mat' });
    const second = await client.embed({ model: testModels.tiny, input: 'A cat sits on the mat' });
    assert.equal(first.embeddings.length, 1);
    assert.equal(first.embeddings[0]!.length, 64);
    assert.ok(Math.abs(norm(first.embeddings[0]!) - 1) < 1e-6, 'Ollama normalizes /api/embed vectors');
    assert.deepEqual(second.embeddings, first.embeddings);
    assert.ok(first.prompt_eval_count > 0);
    assert.ok(first.total_duration > 0);
  });

  test('similarity sanity: a sentence is nearest itself, then its near-copies, then unrelated text', async () => {
    const anchorText = 'The little cat sat on the mat.';
    const near = ['The little cat sat on the mat!', 'The little dog sat on the mat.'];
    const far = ['Quarterly revenue exceeded analyst forecasts by 4%.', 'Once upon a time there was a girl named Lily.'];
    const { embeddings } = await client.embed({ model: testModels.tiny, input: [anchorText, anchorText, ...near, ...far] });
    const [self, again, ...rest] = embeddings as [number[], number[], ...number[][]];
    // Unit vectors: the dot product is the cosine.
    const cosine = (other: number[]) => self.reduce((sum, value, index) => sum + value * other[index]!, 0);
    assert.ok(Math.abs(cosine(again) - 1) < 1e-6);
    const nearest = rest.slice(0, near.length).map(cosine);
    const farthest = rest.slice(near.length).map(cosine);
    assert.ok(Math.min(...nearest) > Math.max(...farthest), `near ${nearest.join(', ')} vs far ${farthest.join(', ')}`);
    assert.ok([...nearest, ...farthest].every((value) => value < 1 - 1e-4), 'different texts have different vectors');
  });

  test('a batch keeps input order: each vector equals the single-input one', async () => {
    const inputs = ['The dog ran', 'Stock prices fell sharply today', 'A kitten is sitting on a rug'];
    const batch = await client.embed({ model: testModels.tiny, input: inputs });
    assert.equal(batch.embeddings.length, 3);
    for (const [index, input] of inputs.entries()) {
      const single = await client.embed({ model: testModels.tiny, input });
      assert.deepEqual(batch.embeddings[index], single.embeddings[0]);
    }
    assert.notDeepEqual(batch.embeddings[0], batch.embeddings[1]);
  });

  test('the older /api/embeddings: the raw vector, pointing the same way as /api/embed', async () => {
    const legacy = await client.embeddings({ model: testModels.tiny, prompt: 'A cat sits on the mat' });
    const unit = (await client.embed({ model: testModels.tiny, input: 'A cat sits on the mat' })).embeddings[0]!;
    assert.equal(legacy.embedding.length, 64);
    const length = norm(legacy.embedding);
    assert.ok(length > 1.5, 'not normalized');
    legacy.embedding.forEach((value, index) => assert.ok(Math.abs(value / length - unit[index]!) < 1e-5));
    assert.deepEqual((await client.embeddings({ model: testModels.tiny, prompt: '' })).embedding, []);
  });

  const long = 'once upon a time '.repeat(800);

  test('truncate: false refuses an input longer than the context', async () => {
    const response = await fetch(`${server.url}/api/embed`, { method: 'POST', body: JSON.stringify({ model: testModels.tiny, input: long, truncate: false }) });
    assert.equal(response.status, 400);
    assert.match((await response.json()).error, /embeds at most/);
  });

  // Engine bug: runEmbedding cuts inputs to contextSize tokens, but node-llama-cpp's getEmbeddingFor needs fewer than contextSize (a 500 today).
  test('by default (truncate true, as Ollama) an over-long input is cut, not refused', async () => {
    const truncated = await client.embed({ model: testModels.tiny, input: long });
    assert.equal(truncated.embeddings[0]!.length, 64);
  });

  test('dimensions other than the model size is a 400', async () => {
    const response = await fetch(`${server.url}/api/embed`, { method: 'POST', body: JSON.stringify({ model: testModels.tiny, input: 'x', dimensions: 32 }) });
    assert.equal(response.status, 400);
    assert.match((await response.json()).error, /64 dimensions/);
  });
});
