import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import type { DatastoreRecord } from '../../../common/rag.js';
import { groundedChatModels as models, groundingQuestion as question, startGroundedChatServer } from '../../../test/groundedChat.js';
import type { TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// Mechanics only (test/groundedChat.ts): the rare keyword's chunk is among the passages; the rest is counting.
const model = testModels.tiny;

describe('file_search over Hearth datastores in /v1/responses', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let alice: OpenAI;
  let bob: OpenAI;
  let handbook: DatastoreRecord;
  let keywordChunkId: string;
  const fileSearch = () => ({ type: 'file_search' as const, vector_store_ids: [handbook.id] });

  before(async () => {
    const grounded = await startGroundedChatServer(7);
    ({ server, handbook, keywordChunkId } = grounded);
    alice = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: grounded.aliceKey, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: grounded.bobKey, maxRetries: 0 });
  });
  after(() => server?.close());

  test('a file_search_call item with the passages, then the answer over them; input_tokens counts them', async () => {
    const plain = await alice.responses.create({ model, input: question, max_output_tokens: 4 });
    const response = await alice.responses.create({ model, input: question, tools: [fileSearch()], max_output_tokens: 4 });
    const [call, message] = response.output;
    assert.ok(call?.type === 'file_search_call', JSON.stringify(response.output).slice(0, 300));
    assert.deepEqual([call.status, call.queries], ['completed', [question]]);
    const keyword = call.results?.find((result) => result.attributes?.chunk_id === keywordChunkId);
    assert.ok(keyword, JSON.stringify(call.results?.map((result) => result.text)));
    assert.match(keyword.text ?? '', /quetzalcoatlus/);
    assert.deepEqual([keyword.filename, keyword.attributes?.datastore_id, keyword.attributes?.datastore_name], ['Field guide', handbook.id, 'Handbook']);
    assert.deepEqual(call.results!.map((result) => result.attributes?.citation), call.results!.map((_, index) => index + 1));
    assert.equal(message?.type, 'message');
    assert.ok(response.usage!.input_tokens > plain.usage!.input_tokens + 100, 'the passages are in the prompt');
    assert.deepEqual(response.tools, [{ type: 'file_search', vector_store_ids: [handbook.id] }]);

    const counted = await alice.responses.inputTokens.count({ model, input: question, tools: [fileSearch()] });
    assert.equal(counted.input_tokens, response.usage!.input_tokens);

    // Continued: the search item is in the history (and input_items), out of the next prompt.
    const next = await alice.responses.create({ model, previous_response_id: response.id, input: 'And then?', max_output_tokens: 2 });
    const items = (await alice.responses.inputItems.list(next.id, { order: 'asc' })).data;
    assert.deepEqual(items.map((item) => item.type), ['message', 'file_search_call', 'message', 'message']);
  });

  test('streamed: the search is reported as its events right after response.in_progress', async () => {
    const stream = await alice.responses.create({ model, input: question, tools: [fileSearch()], max_output_tokens: 4, stream: true });
    const types: string[] = [];
    let completed: OpenAI.Responses.Response | null = null;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.completed' || event.type === 'response.incomplete') completed = event.response;
    }
    assert.deepEqual(types.slice(0, 7), [
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.file_search_call.in_progress',
      'response.file_search_call.searching',
      'response.file_search_call.completed',
      'response.output_item.done',
    ]);
    assert.equal(completed?.output[0]?.type, 'file_search_call');
    assert.equal(completed?.output[1]?.type, 'message');
  });

  test('another key’s private datastore is a 404; a file_search without datastores a 400', async () => {
    await assert.rejects(bob.responses.create({ model, input: question, tools: [fileSearch()], max_output_tokens: 2 }), OpenAI.NotFoundError);
    await assert.rejects(bob.responses.inputTokens.count({ model, input: question, tools: [fileSearch()] }), OpenAI.NotFoundError);
    const error = await alice.responses.create({ model, input: question, tools: [{ type: 'file_search' }] as never, max_output_tokens: 2 }).catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.BadRequestError && error.param === 'tools.0.vector_store_ids', String(error));
  });
});
