import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI from 'openai';
import { startTestServer, type TestServer } from '../../../test/startServer.js';

// Refused before any model is looked up, so no model is needed.
const model = 'any-model';

describe('hosted tools and tool choices Hearth does not run answer a 400 that says what it does run', () => {
  let server: TestServer;
  let client: OpenAI;
  before(async () => {
    server = await startTestServer();
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  const hosted: Array<Record<string, unknown>> = [
    { type: 'web_search' },
    { type: 'web_search_preview' },
    { type: 'code_interpreter', container: { type: 'auto' } },
    { type: 'computer_use_preview', display_width: 800, display_height: 600, environment: 'browser' },
    { type: 'image_generation' },
    { type: 'mcp', server_label: 'deepwiki', server_url: 'https://mcp.deepwiki.com/mcp' },
  ];
  for (const tool of hosted) {
    test(`${tool.type}: named as one of OpenAI's hosted tools, pointing to function tools`, async () => {
      const weather = { type: 'function', name: 'get_weather', parameters: { type: 'object', properties: {} } };
      const error = await client.responses.create({ model, input: 'hi', tools: [weather, tool] as never }).catch((caught: unknown) => caught);
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.equal(error.param, 'tools.1.type');
      assert.equal(error.code, 'unsupported_tool');
      assert.match(error.message, new RegExp(`'${tool.type}'.*OpenAI's hosted tools.*function tools`));
      const counted = await client.responses.inputTokens.count({ model, input: 'hi', tools: [tool] as never }).catch((caught: unknown) => caught);
      assert.ok(counted instanceof OpenAI.BadRequestError && counted.param === 'tools.0.type', 'input_tokens refuses it alike');
    });
  }

  test('an unknown tool type is named as unknown', async () => {
    const error = await client.responses.create({ model, input: 'hi', tools: [{ type: 'hologram' }] as never }).catch((caught: unknown) => caught);
    assert.ok(error instanceof OpenAI.BadRequestError);
    assert.match(error.message, /'hologram'.*knows no such tool type.*function tools/);
  });

  test('a tool_choice of a hosted tool or a tool list is refused by name; a function choice needs a name', async () => {
    const tools = [{ type: 'function' as const, name: 'get_weather', parameters: { type: 'object', properties: {} }, strict: false }];
    for (const choice of [{ type: 'web_search_preview' }, { type: 'allowed_tools', mode: 'auto', tools: [{ type: 'function', name: 'get_weather' }] }, { type: 'mcp', server_label: 'x' }]) {
      const error = await client.responses.create({ model, input: 'hi', tools, tool_choice: choice as never }).catch((caught: unknown) => caught);
      assert.ok(error instanceof OpenAI.BadRequestError, String(error));
      assert.equal(error.param, 'tool_choice.type');
      assert.match(error.message, new RegExp(`'${choice.type}'.*\\{type: 'function', name\\}`));
    }
    const nameless = await client.responses.create({ model, input: 'hi', tools, tool_choice: { type: 'function' } as never }).catch((caught: unknown) => caught);
    assert.ok(nameless instanceof OpenAI.BadRequestError, String(nameless));
    assert.match(nameless.param ?? '', /^tool_choice/);
  });
});
