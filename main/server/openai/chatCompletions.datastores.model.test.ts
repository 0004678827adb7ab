import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { ChatSource, OpenAiChatCompletion, OpenAiChatCompletionChunk } from '../../../common/api/openai.js';
import type { DatastoreRecord } from '../../../common/rag.js';
import { groundedChatModels as models, groundingQuestion as question, shortContext, startGroundedChatServer } from '../../../test/groundedChat.js';
import type { RagClient } from '../../../test/ragClient.js';
import { filler } from '../../../test/fixtures/ragDocuments.js';
import type { TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// Mechanics only (test/groundedChat.ts): a rare keyword's chunk is among the passages; the rest is counting.

describe('POST /v1/chat/completions with files (chat with datastores)', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let alice: OpenAI;
  let bob: OpenAI;
  let aliceRag: RagClient;
  let handbook: DatastoreRecord;
  let wiki: DatastoreRecord;
  /** The chunk holding the rare keyword, as the datastore's own query route finds it. */
  let keywordChunkId: string;

  const chat = (client: OpenAI, files: unknown[], extra: Record<string, unknown> = {}) => {
    const body = { model: testModels.tiny, messages: [{ role: 'user' as const, content: question }], max_tokens: 8, files, ...extra };
    return client.chat.completions.create(body) as Promise<OpenAI.ChatCompletion> as Promise<OpenAiChatCompletion>;
  };

  before(async () => {
    const grounded = await startGroundedChatServer(7);
    const { aliceKey, bobKey } = grounded;
    ({ server, rag: aliceRag, handbook, keywordChunkId } = grounded);
    alice = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: aliceKey, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: bobKey, maxRetries: 0 });
    wiki = await aliceRag.create({ name: 'Wiki', model: testModels.tiny, chunkSize: 48, chunkOverlap: 0, visibility: 'public' });
    const wikiJob = await aliceRag.addText(wiki.id, `${filler(4, 40).join(' ')}\n\nVisitors may borrow the kayak.`, 'Boathouse');
    assert.equal((await aliceRag.waitForJob(wikiJob.id)).state, 'completed');
  });
  after(() => server?.close());

  test('non-streamed: the answer carries the sources its prompt was given, the rare keyword among them', async () => {
    const plain = await alice.chat.completions.create({ model: testModels.tiny, messages: [{ role: 'user', content: question }], max_tokens: 8 });
    const grounded = await chat(alice, [{ type: 'collection', id: handbook.id }]);
    assert.equal(grounded.object, 'chat.completion');
    assert.equal(grounded.choices.length, 1, 'choices stay OpenAI-shaped');
    const sources = grounded.sources!;
    assert.equal(sources.length, 5, 'the default five passages fit a 2048-token context');
    assert.deepEqual(sources.map((s) => s.citation), [1, 2, 3, 4, 5]);
    const keyword = sources.find((s) => s.chunk_id === keywordChunkId);
    assert.ok(keyword, JSON.stringify(sources.map((s) => s.text)));
    assert.match(keyword.text, /quetzalcoatlus/);
    assert.deepEqual([keyword.datastore_id, keyword.datastore_name, keyword.document_title, keyword.source_name], [handbook.id, 'Handbook', 'Field guide', 'text']);
    assert.ok(keyword.position.end > keyword.position.start && keyword.position.page === null && keyword.score > 0);
    assert.ok(sources.every((s, index) => index === 0 || s.score <= sources[index - 1]!.score), 'best first');
    const passageTokens = grounded.usage.prompt_tokens - plain.usage!.prompt_tokens;
    assert.ok(passageTokens > 5 * 30, `the passages are in the prompt (${passageTokens} more tokens)`);
  });

  test('streamed: OpenAI-shaped chunks, then one last chunk with empty choices and the sources, before [DONE]', async () => {
    const body = { model: testModels.tiny, messages: [{ role: 'user' as const, content: question }], max_tokens: 8, stream: true as const, files: [{ type: 'collection', id: handbook.id }] };
    const chunks: OpenAiChatCompletionChunk[] = [];
    for await (const chunk of await alice.chat.completions.create(body)) chunks.push(chunk as OpenAiChatCompletionChunk);
    const last = chunks.at(-1)!;
    assert.deepEqual(last.choices, []);
    assert.ok(last.sources!.some((s) => s.chunk_id === keywordChunkId));
    assert.ok(chunks.slice(0, -1).every((chunk) => chunk.sources === undefined && chunk.choices.length === 1));
    assert.ok(chunks.at(-2)!.choices[0]!.finish_reason !== null);

    // With include_usage, the usage and the sources share that last chunk.
    const withUsage: OpenAiChatCompletionChunk[] = [];
    for await (const chunk of await alice.chat.completions.create({ ...body, stream_options: { include_usage: true } })) withUsage.push(chunk as OpenAiChatCompletionChunk);
    const final = withUsage.at(-1)!;
    assert.ok(final.usage && final.usage.prompt_tokens > 0 && final.sources!.length === 5);
  });

  test('several datastores are searched together; a public one of another user is readable; collection_name is accepted', async () => {
    const both = await chat(alice, [{ type: 'collection', id: handbook.id }, { type: 'collection', collection_name: wiki.id }]);
    assert.ok(both.sources!.some((s) => s.chunk_id === keywordChunkId));
    const fromBob = await chat(bob, [{ type: 'collection', id: wiki.id }], { messages: [{ role: 'user', content: 'May I borrow the kayak?' }] });
    assert.equal(fromBob.sources![0]!.datastore_name, 'Wiki');
    assert.equal(fromBob.sources![0]!.document_title, 'Boathouse');
  });

  test("another user's private datastore, and an unknown one, are 404 in OpenAI's shape", async () => {
    for (const id of [handbook.id, 'no-such-datastore']) {
      await assert.rejects(chat(bob, [{ type: 'collection', id }]), (error: unknown) => {
        assert.ok(error instanceof OpenAI.NotFoundError, String(error));
        assert.equal(error.code, 'datastore_not_found');
        assert.doesNotMatch(error.message, /Handbook/);
        return true;
      });
    }
    await assert.rejects(chat(bob, [{ type: 'collection', id: handbook.id }], { stream: true }), OpenAI.NotFoundError, 'a stream fails before it opens');
  });

  test('malformed files are 400, naming the field', async () => {
    const cases: Array<[unknown[], string]> = [
      [[{ type: 'file', id: 'abc' }], 'files.0.type'],
      [[{ type: 'collection' }], 'files.0.id'],
      [['not-an-object'], 'files.0'],
    ];
    for (const [files, param] of cases) {
      await assert.rejects(chat(alice, files), (error: unknown) => {
        assert.ok(error instanceof OpenAI.BadRequestError, String(error));
        assert.equal(error.param, param);
        return true;
      });
    }
  });

  test('a short context gets fewer passages, not an error, and the prompt leaves the answer its room', async () => {
    const maxTokens = 16;
    const answer = await chat(alice, [{ type: 'collection', id: handbook.id }], { model: testModels.chatml, max_tokens: maxTokens });
    const count = answer.sources!.length;
    assert.ok(count >= 1 && count < 5, `${count} passages in a ${shortContext}-token context`);
    assert.ok(answer.usage.prompt_tokens + maxTokens <= shortContext, JSON.stringify(answer.usage));
    assert.equal(typeof answer.choices[0]!.message.content, 'string');
    const citations: ChatSource['citation'][] = answer.sources!.map((s) => s.citation);
    assert.deepEqual(citations, Array.from({ length: count }, (_, index) => index + 1));
  });
});
