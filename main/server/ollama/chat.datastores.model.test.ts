import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama, type ChatRequest, type ChatResponse } from 'ollama';
import type { ChatSource } from '../../../common/api/openai.js';
import type { DatastoreRecord } from '../../../common/rag.js';
import { groundedChatModels as models, groundingQuestion as question, shortContext, startGroundedChatServer } from '../../../test/groundedChat.js';
import type { TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// Mechanics only, as in openai/chatCompletions.datastores.model.test.ts: a rare keyword's chunk is among
// the passages; the tiny models read nothing.

type GroundedResponse = ChatResponse & { sources?: ChatSource[] };

describe('POST /api/chat with files (chat with datastores)', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let alice: Ollama;
  let bob: Ollama;
  let handbook: DatastoreRecord;
  let keywordChunkId: string;
  const request = (files: unknown[], extra: Partial<ChatRequest> = {}) =>
    ({ model: testModels.tiny, messages: [{ role: 'user', content: question }], options: { num_predict: 8 }, files, ...extra }) as ChatRequest;

  before(async () => {
    const grounded = await startGroundedChatServer(4);
    const { aliceKey, bobKey } = grounded;
    ({ server, handbook, keywordChunkId } = grounded);
    alice = new Ollama({ host: server.url, headers: { Authorization: `Bearer ${aliceKey}` } });
    bob = new Ollama({ host: server.url, headers: { Authorization: `Bearer ${bobKey}` } });
  });
  after(() => server?.close());

  test('non-streamed: the one object carries the sources, the rare keyword among them', async () => {
    const response = (await alice.chat({ ...request([{ type: 'collection', id: handbook.id }]), stream: false })) as GroundedResponse;
    assert.equal(response.done, true);
    assert.equal(response.message.role, 'assistant');
    const keyword = response.sources!.find((s) => s.chunk_id === keywordChunkId);
    assert.ok(keyword, JSON.stringify(response.sources));
    assert.deepEqual([keyword.datastore_id, keyword.datastore_name, keyword.document_title], [handbook.id, 'Handbook', 'Field guide']);
    assert.equal(response.sources!.length, 5);
  });

  test('streamed: text lines without sources, then the done: true object with them', async () => {
    const parts: GroundedResponse[] = [];
    for await (const part of await alice.chat({ ...request([{ type: 'collection', id: handbook.id }]), stream: true })) parts.push(part as GroundedResponse);
    const last = parts.at(-1)!;
    assert.equal(last.done, true);
    assert.ok(last.sources!.some((s) => s.chunk_id === keywordChunkId));
    assert.ok(parts.slice(0, -1).every((part) => part.done === false && part.sources === undefined));
  });

  test('a short context gets fewer passages, not an error', async () => {
    const response = (await alice.chat({ ...request([{ type: 'collection', id: handbook.id }], { model: testModels.chatml, options: { num_predict: 16 } }), stream: false })) as GroundedResponse;
    const count = response.sources!.length;
    assert.ok(count >= 1 && count < 5, `${count} passages in a ${shortContext}-token context`);
    assert.ok(response.prompt_eval_count + 16 <= shortContext);
  });

  test("another user's private datastore and an unknown one are 404 with Ollama's error; a bad item is 400", async () => {
    const notFound = (error: Error & { status_code?: number }) => {
      assert.equal(error.status_code, 404, String(error));
      assert.match(error.message, /No datastore/);
      return true;
    };
    for (const id of [handbook.id, 'no-such-datastore']) {
      await assert.rejects(bob.chat({ ...request([{ type: 'collection', id }]), stream: false }), notFound);
      // Refused before the stream opens: ollama-js throws on the status, as for any failed request.
      await assert.rejects(bob.chat({ ...request([{ type: 'collection', id }]), stream: true }), notFound);
    }
    await assert.rejects(alice.chat({ ...request([{ type: 'file', id: 'abc' }]), stream: false }), (error: Error & { status_code?: number }) => error.status_code === 400 && /collection/.test(error.message));
  });
});
