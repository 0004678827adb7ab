import assert from 'node:assert/strict';
import type { DatastoreRecord } from '../common/rag.js';
import { filler } from './fixtures/ragDocuments.js';
import { RagClient } from './ragClient.js';
import { startTestServer, type TestServer } from './startServer.js';
import { testModels } from './testModels.js';

/** The models of the chat-with-datastores tests: the tiny one embeds and answers, chatml has a short context. */
export const groundedChatModels = [testModels.tiny, testModels.chatml];
/** The chatml model's context: it holds only a passage or two beside the question. */
export const shortContext = 256;
export const groundingQuestion = 'What do we know about the quetzalcoatlus?';

export interface GroundedChatServer {
  server: TestServer;
  aliceKey: string;
  bobKey: string;
  /** Alice's datastore client. */
  rag: RagClient;
  /** Alice's private datastore: filler paragraphs and one with the rare keyword. */
  handbook: DatastoreRecord;
  /** The chunk holding the rare keyword, as the datastore's own query route finds it. */
  keywordChunkId: string;
}

/**
 * A server with keys required, two user keys (alice, bob) and alice's private "Handbook" datastore whose
 * paragraph `keywordAt` names a rare keyword. Mechanics only: the tiny models neither embed by meaning nor
 * read what they are given, but BM25 ranks the keyword's chunk first, so hybrid search brings it along.
 */
export async function startGroundedChatServer(keywordAt: number): Promise<GroundedChatServer> {
  const server = await startTestServer({
    models: groundedChatModels,
    settings: {
      requireApiKeys: true,
      rateLimit: { enabled: false, requestsPerMinute: 60, burst: 10, maxConcurrentPerKey: 4 },
      modelDefaults: { threads: 1 },
      models: { [testModels.chatml]: { contextSize: shortContext } },
    },
  });
  const key = async (alias: string) => (await server.services.keys.create({ alias, role: 'user' })).key;
  const aliceKey = await key('alice');
  const bobKey = await key('bob');
  const rag = new RagClient(server.url, aliceKey);
  const handbook = await rag.create({ name: 'Handbook', model: testModels.tiny, chunkSize: 48, chunkOverlap: 0 });
  const paragraphs = Array.from({ length: 12 }, (_, index) => filler(3, index * 3).join(' '));
  paragraphs.splice(keywordAt, 0, 'The quetzalcoatlus was a pterosaur as tall as a giraffe.');
  const job = await rag.addText(handbook.id, paragraphs.join('\n\n'), 'Field guide');
  assert.equal((await rag.waitForJob(job.id)).state, 'completed');
  const [hit] = await rag.query(handbook.id, { query: 'quetzalcoatlus', mode: 'fts', topK: 1 });
  return { server, aliceKey, bobKey, rag, handbook, keywordChunkId: hit!.chunkId };
}
