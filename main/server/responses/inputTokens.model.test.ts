import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const model = testModels.chatml;
const models = [model];
const weather: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

describe('POST /v1/responses/input_tokens', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: OpenAI;
  before(async () => {
    server = await startTestServer({ models, settings: { modelDefaults: { threads: 1 } } });
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  test('counts the input a response with the same body evaluates: instructions, tools, history', async () => {
    const params = { model, instructions: 'You tell stories.', input: 'Once upon a time' };
    const counted = await client.responses.inputTokens.count(params);
    assert.equal(counted.object, 'response.input_tokens');
    const response = await client.responses.create({ ...params, max_output_tokens: 2 });
    assert.equal(counted.input_tokens, response.usage!.input_tokens);

    const withoutInstructions = await client.responses.inputTokens.count({ model, input: 'Once upon a time' });
    assert.ok(withoutInstructions.input_tokens < counted.input_tokens, 'instructions are in the count');
    const withTools = await client.responses.inputTokens.count({ ...params, tools: [weather] });
    assert.ok(withTools.input_tokens > counted.input_tokens, 'tools are in the count');
    const toolsOff = await client.responses.inputTokens.count({ ...params, tools: [weather], tool_choice: 'none' });
    assert.equal(toolsOff.input_tokens, counted.input_tokens, 'tool_choice none leaves the tools out, as a response does');

    const next = { model, previous_response_id: response.id, input: 'And then?' };
    const continued = await client.responses.inputTokens.count(next);
    assert.ok(continued.input_tokens > withoutInstructions.input_tokens, 'the earlier turn is in the count');
    const second = await client.responses.create({ ...next, max_output_tokens: 2 });
    assert.equal(continued.input_tokens, second.usage!.input_tokens);

    const conversation = await client.conversations.create({ items: [{ role: 'user', content: 'There was a fox.' }] });
    const inConversation = await client.responses.inputTokens.count({ model, conversation: conversation.id, input: 'What did it do?' });
    const alone = await client.responses.inputTokens.count({ model, input: 'What did it do?' });
    assert.ok(inConversation.input_tokens > alone.input_tokens);
    assert.equal((await client.conversations.items.list(conversation.id)).data.length, 1, 'counting adds nothing to the conversation');
  });

  test('errors: unknown model 404, unknown previous response and bad input 400, also under /api/v1', async () => {
    await assert.rejects(client.responses.inputTokens.count({ model: 'no-such-model', input: 'hi' }), OpenAI.NotFoundError);
    const missing = await client.responses.inputTokens.count({ model, input: 'hi', previous_response_id: 'resp_000000000000000000' }).catch((caught: unknown) => caught);
    assert.ok(missing instanceof OpenAI.BadRequestError && missing.param === 'previous_response_id', String(missing));
    const noInput = await client.responses.inputTokens.count({ model }).catch((caught: unknown) => caught);
    assert.ok(noInput instanceof OpenAI.BadRequestError && noInput.param === 'input', String(noInput));
    const noModel = await fetch(`${server.url}/v1/responses/input_tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ input: 'hi' }) });
    assert.equal(noModel.status, 400);
    assert.equal((await noModel.json()).error.param, 'model');
    const apiV1 = await fetch(`${server.url}/api/v1/responses/input_tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, input: 'hi' }) });
    assert.deepEqual(Object.keys(await apiV1.json()).sort(), ['input_tokens', 'object']);
  });
});
