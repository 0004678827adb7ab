import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatastoreRecord } from '../../../common/rag.js';
import { filler } from '../../../test/fixtures/ragDocuments.js';
import { RagClient } from '../../../test/ragClient.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.tiny];

interface LollmsDatabase {
  id: string;
  name: string;
  description: string;
  vectorizer: string;
  is_public: boolean;
  owner_username: string;
  created_at: string;
  updated_at: string;
}

interface LollmsChunk {
  chunk_id: string;
  chunk_text: string;
  start_pos: number;
  end_pos: number;
  file_path: string;
  document_metadata: Record<string, unknown>;
  similarity_score: number;
  similarity_percent: number;
}

/** LoLLMs' RAG routes in its documented shapes, and who sees which datastore, with real keys. */
describe('LoLLMs /lollms/v1/rag with API keys', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let alice: RagClient;
  let bob: RagClient;
  let admin: RagClient;
  let alicePrivate: DatastoreRecord;
  let alicePublic: DatastoreRecord;
  let bobPrivate: DatastoreRecord;
  const lollms = async <T>(client: RagClient, method: string, path: string, body?: unknown) => client.call<T>(method, `/lollms/v1${path}`, body);

  before(async () => {
    // Rate limits are not under test here, and these tests send more than a burst per key.
    server = await startTestServer({ models, settings: { requireApiKeys: true, rateLimit: { enabled: false, requestsPerMinute: 60, burst: 10, maxConcurrentPerKey: 4 } } });
    const key = async (alias: string, role: 'user' | 'admin') => (await server.services.keys.create({ alias, role })).key;
    alice = new RagClient(server.url, await key('alice', 'user'));
    bob = new RagClient(server.url, await key('bob', 'user'));
    admin = new RagClient(server.url, await key('root', 'admin'));
    alicePrivate = await alice.create({ name: 'Alice notes', description: 'private', model: testModels.tiny, chunkSize: 48, chunkOverlap: 8 });
    alicePublic = await alice.create({ name: 'Alice wiki', description: 'for everyone', model: testModels.tiny, visibility: 'public' });
    bobPrivate = await bob.create({ name: 'Bob notes', model: testModels.tiny });
    const job = await alice.addText(alicePrivate.id, `${filler(8).join(' ')}\n\nThe secret launch code word is tamarind.\n\n${filler(8, 9).join(' ')}`, 'Launch plan');
    assert.equal((await alice.waitForJob(job.id)).state, 'completed');
    const wiki = await alice.addText(alicePublic.id, `${filler(4, 30).join(' ')} Visitors may borrow the kayak.`, 'Wiki page');
    assert.equal((await alice.waitForJob(wiki.id)).state, 'completed');
  });
  after(() => server?.close());

  test('GET /rag/databases: own and public datastores, in exactly the documented fields', async () => {
    const { status, body } = await lollms<{ object: string; data: LollmsDatabase[] }>(alice, 'GET', '/rag/databases');
    assert.equal(status, 200);
    assert.equal(body.object, 'list');
    assert.deepEqual(body.data.map((d) => d.name).sort(), ['Alice notes', 'Alice wiki']);
    const notes = body.data.find((d) => d.id === alicePrivate.id)!;
    assert.deepEqual(Object.keys(notes).sort(), ['created_at', 'description', 'id', 'is_public', 'name', 'owner_username', 'updated_at', 'vectorizer']);
    assert.deepEqual({ ...notes, created_at: undefined, updated_at: undefined }, {
      id: alicePrivate.id,
      name: 'Alice notes',
      description: 'private',
      vectorizer: testModels.tiny,
      is_public: false,
      owner_username: 'alice',
      created_at: undefined,
      updated_at: undefined,
    });
    assert.ok(!Number.isNaN(Date.parse(notes.created_at)) && !Number.isNaN(Date.parse(notes.updated_at)));

    const bobSees = await lollms<{ data: LollmsDatabase[] }>(bob, 'GET', '/rag/databases');
    assert.deepEqual(bobSees.body.data.map((d) => [d.name, d.is_public, d.owner_username]).sort(), [['Alice wiki', true, 'alice'], ['Bob notes', false, 'bob']]);
    const adminSees = await lollms<{ data: LollmsDatabase[] }>(admin, 'GET', '/rag/databases');
    assert.deepEqual(adminSees.body.data.map((d) => d.id).sort(), [alicePrivate.id, alicePublic.id, bobPrivate.id].sort(), 'admin keys see all');
  });

  test('POST /rag/query: an array of chunks in the documented shape, similarity as a fraction and a percentage', async () => {
    const [keyword] = await alice.query(alicePrivate.id, { query: 'tamarind', mode: 'fts', topK: 1 });
    const { status, body } = await lollms<LollmsChunk[]>(alice, 'POST', '/rag/query', { datastore_id: alicePrivate.id, query: keyword!.text, top_k: 3 });
    assert.equal(status, 200);
    assert.ok(Array.isArray(body) && body.length >= 1 && body.length <= 3);
    const [best] = body;
    assert.deepEqual(Object.keys(best!).sort(), ['chunk_id', 'chunk_text', 'document_metadata', 'end_pos', 'file_path', 'similarity_percent', 'similarity_score', 'start_pos']);
    assert.equal(best!.chunk_id, keyword!.chunkId);
    assert.match(best!.chunk_text, /tamarind/);
    assert.equal(best!.end_pos - best!.start_pos, best!.chunk_text.length);
    assert.equal(best!.file_path, 'text');
    assert.equal(best!.document_metadata.title, 'Launch plan');
    assert.ok(Math.abs(best!.similarity_score - 1) < 1e-3);
    assert.ok(Math.abs(best!.similarity_percent - best!.similarity_score * 100) < 0.01);
    for (const chunk of body) assert.ok(chunk.similarity_percent >= 50, 'min_similarity defaults to 50 percent');

    const strict = await lollms<LollmsChunk[]>(alice, 'POST', '/rag/query', { datastore_id: alicePrivate.id, query: keyword!.text, top_k: 10, min_similarity: 99.9 });
    assert.deepEqual(strict.body.map((c) => c.chunk_id), [keyword!.chunkId]);
    const defaults = await lollms<LollmsChunk[]>(alice, 'POST', '/rag/query', { datastore_id: alicePrivate.id, query: keyword!.text, min_similarity: 0 });
    assert.ok(defaults.body.length <= 10 && defaults.body.length > 1, 'top_k defaults to 10');
  });

  test("another user's private datastore is a 404 on every route; a public one is readable, not writable", async () => {
    const query = await lollms<{ error: { code: string } }>(bob, 'POST', '/rag/query', { datastore_id: alicePrivate.id, query: 'tamarind' });
    assert.equal(query.status, 404);
    assert.equal(query.body.error.code, 'datastore_not_found');
    for (const [method, path, body] of [
      ['GET', `/v1/datastores/${alicePrivate.id}`, undefined],
      ['GET', `/v1/datastores/${alicePrivate.id}/documents`, undefined],
      ['POST', `/v1/datastores/${alicePrivate.id}/query`, { query: 'tamarind' }],
      ['POST', `/v1/datastores/${alicePrivate.id}/documents`, { text: 'intrusion' }],
      ['DELETE', `/v1/datastores/${alicePrivate.id}`, undefined],
    ] as const) {
      assert.equal((await bob.call(method, path, body)).status, 404, `${method} ${path}`);
    }
    const publicQuery = await lollms<LollmsChunk[]>(bob, 'POST', '/rag/query', { datastore_id: alicePublic.id, query: 'kayak', min_similarity: 0 });
    assert.equal(publicQuery.status, 200);
    assert.ok(publicQuery.body.length > 0);
    assert.equal((await bob.call('POST', `/v1/datastores/${alicePublic.id}/documents`, { text: 'graffiti' })).status, 403);
    assert.equal((await bob.call('PATCH', `/v1/datastores/${alicePublic.id}`, { name: 'mine now' })).status, 403);
    const job = await alice.addText(alicePrivate.id, 'A second note about the weather and the tides of the bay.', 'Weather');
    assert.equal((await bob.call('GET', `/v1/jobs/${job.id}`)).status, 404, "another user's job");
    assert.equal((await admin.call('GET', `/v1/jobs/${job.id}`)).status, 200);
    await alice.waitForJob(job.id);
    const adminQuery = await lollms<LollmsChunk[]>(admin, 'POST', '/rag/query', { datastore_id: bobPrivate.id, query: 'anything', min_similarity: 0 });
    assert.equal(adminQuery.status, 200);
  });

  test('without a key: 401; malformed queries: 400 in the OpenAI shape', async () => {
    const anonymous = new RagClient(server.url);
    assert.equal((await anonymous.call('GET', '/lollms/v1/rag/databases')).status, 401);
    for (const [body, param] of [
      [{ query: 'x' }, 'datastore_id'],
      [{ datastore_id: alicePrivate.id }, 'query'],
      [{ datastore_id: alicePrivate.id, query: 'x', top_k: 0 }, 'top_k'],
      [{ datastore_id: alicePrivate.id, query: 'x', min_similarity: 150 }, 'min_similarity'],
      [{ datastore_id: alicePrivate.id, query: 'x', top_k: 'ten' }, 'top_k'],
    ] as const) {
      const answer = await lollms<{ error: { type: string; param: string } }>(alice, 'POST', '/rag/query', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.error.type, 'invalid_request_error');
      assert.equal(answer.body.error.param, param);
    }
  });
});
