import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const model = testModels.chatml;
const models = [model];
const noLimits = { enabled: false, requestsPerMinute: 60, burst: 10, maxConcurrentPerKey: 4 };

/** The text of a listed message item, or its type for anything else. */
function textOf(item: { type: string; content?: unknown }): string {
  const part = Array.isArray(item.content) ? (item.content[0] as { text?: string } | undefined) : undefined;
  return part?.text ?? item.type;
}

describe('item_reference input and the full input_items of a response', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: OpenAI;
  let other: OpenAI;
  before(async () => {
    server = await startTestServer({ models, settings: { requireApiKeys: true, rateLimit: noLimits, modelDefaults: { threads: 1 } } });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: (await server.services.keys.create({ alias: 'agent' })).key, maxRetries: 0 });
    other = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: (await server.services.keys.create({ alias: 'someone-else' })).key, maxRetries: 0 });
  });
  after(() => server?.close());

  test('input_items lists what the response saw: the chain of previous responses, then its own input, newest first', async () => {
    const first = await client.responses.create({ model, input: 'Once upon a time', max_output_tokens: 3 });
    const second = await client.responses.create({ model, previous_response_id: first.id, input: 'And then?', max_output_tokens: 3 });
    const third = await client.responses.create({ model, previous_response_id: second.id, input: 'The end.', max_output_tokens: 3 });
    const firstInput = (await client.responses.inputItems.list(first.id)).data;
    assert.deepEqual(firstInput.map(textOf), ['Once upon a time']);

    const expected = [firstInput[0]!.id, first.output[0]!.id, (await client.responses.inputItems.list(second.id)).data[0]!.id, second.output[0]!.id];
    const newestFirst = await client.responses.inputItems.list(third.id);
    assert.equal(newestFirst.data.length, 5);
    assert.deepEqual(newestFirst.data.slice(1).map((item) => item.id), [...expected].reverse());
    assert.equal(textOf(newestFirst.data[0]!), 'The end.');
    assert.equal(textOf(newestFirst.data[2]!), 'And then?');

    const page = await client.responses.inputItems.list(third.id, { order: 'asc', limit: 2 });
    assert.deepEqual([page.data.map((item) => item.id), page.has_more], [expected.slice(0, 2), true]);
    const nextPage = await client.responses.inputItems.list(third.id, { order: 'asc', limit: 2, after: page.data[1]!.id });
    assert.deepEqual(nextPage.data.map((item) => item.id), expected.slice(2, 4));
  });

  test('input_items of a response in a conversation: the items before it, kept as they were when it ran', async () => {
    const conversation = await client.conversations.create({ items: [{ role: 'user', content: 'There was a fox.' }] });
    const response = await client.responses.create({ model, conversation: conversation.id, input: 'What did it do?', max_output_tokens: 3 });
    await client.conversations.items.create(conversation.id, { items: [{ role: 'user', content: 'Later.' }] });
    const listed = await client.responses.inputItems.list(response.id, { order: 'asc' });
    assert.deepEqual(listed.data.map(textOf), ['There was a fox.', 'What did it do?']);
  });

  test('item_reference brings in a stored item by id, with or without its type; the prompt is as if it were sent', async () => {
    const story = await client.responses.create({ model, input: 'The secret word is apple.', max_output_tokens: 3 });
    const said = (await client.responses.inputItems.list(story.id)).data[0]!;
    const answer = story.output[0]!;
    const literal: OpenAI.Responses.ResponseInput = [
      { role: 'user', content: 'The secret word is apple.' },
      { role: 'assistant', content: story.output_text },
      { role: 'user', content: 'What was it?' },
    ];
    const referenced = [{ type: 'item_reference', id: said.id }, { id: answer.id }, { role: 'user', content: 'What was it?' }] as OpenAI.Responses.ResponseInput;
    const asLiteral = await client.responses.inputTokens.count({ model, input: literal });
    assert.equal((await client.responses.inputTokens.count({ model, input: referenced })).input_tokens, asLiteral.input_tokens);

    const response = await client.responses.create({ model, input: referenced, max_output_tokens: 3 });
    assert.equal(response.usage!.input_tokens, asLiteral.input_tokens);
    const items = (await client.responses.inputItems.list(response.id, { order: 'asc' })).data;
    assert.deepEqual(items.slice(0, 2).map((item) => item.id), [said.id, answer.id], 'the items themselves, with their ids');
    assert.deepEqual(items.map(textOf), ['The secret word is apple.', story.output_text, 'What was it?']);

    // Items of a conversation, and references when adding to one.
    const conversation = await client.conversations.create({ items: [{ type: 'item_reference', id: said.id } as never] });
    const conversationItems = (await client.conversations.items.list(conversation.id)).data;
    assert.deepEqual(conversationItems.map((item) => item.id), [said.id]);
    const added = await client.conversations.items.create(conversation.id, { items: [{ type: 'item_reference', id: answer.id } as never] });
    assert.equal(added.data[0]!.id, answer.id);
    const fromConversation = await client.responses.inputTokens.count({ model, input: [{ type: 'item_reference', id: added.data[0]!.id }] as never });
    assert.ok(fromConversation.input_tokens > 0);
  });

  test('a reference to another key’s item, or to none, is a 400 naming the id', async () => {
    const mine = await client.responses.create({ model, input: 'Private.', max_output_tokens: 2 });
    const cases: Array<[OpenAI, string]> = [
      [other, mine.output[0]!.id!],
      [client, 'msg_doesnotexist'],
    ];
    for (const [caller, id] of cases) {
      const error = await caller.responses.create({ model, input: [{ role: 'user', content: 'Hi' }, { type: 'item_reference', id }] as never, max_output_tokens: 2 }).catch((caught: unknown) => caught);
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.equal(error.param, 'input.1.id');
      assert.match(error.message, new RegExp(`'${id}'`));
    }
    const conversationError = await other.conversations.create({ items: [{ type: 'item_reference', id: mine.output[0]!.id } as never] }).catch((caught: unknown) => caught);
    assert.ok(conversationError instanceof OpenAI.BadRequestError && conversationError.param === 'items.0.id', String(conversationError));
  });
});
