import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { LocalLabChatResponse } from '../../../common/api/locallab.js';
import { readServerSentEvents } from '../../../common/api/sse.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const models = [testModels.chatml];
const model = testModels.chatml;
const messages = [
  { role: 'system', content: 'You tell short stories.' },
  { role: 'user', content: 'Tell me about a cat.' },
];

describe('LocalLab POST /chat', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  const post = (body: unknown) => fetch(`${server.url}/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  before(async () => {
    server = await startTestServer({ models });
  });
  after(() => server?.close());

  test('non-streamed: one assistant choice with a finish reason and usage', async () => {
    const response = await post({ messages, model_id: model, max_length: 5, do_sample: false });
    assert.equal(response.status, 200);
    const body = (await response.json()) as LocalLabChatResponse;
    assert.equal(body.choices.length, 1);
    assert.equal(body.choices[0]!.message.role, 'assistant');
    assert.equal(typeof body.choices[0]!.message.content, 'string');
    assert.ok(['stop', 'length'].includes(body.choices[0]!.finish_reason));
    assert.ok(body.usage.completion_tokens > 0 && body.usage.completion_tokens <= 5);
    // The system message and the template make the prompt longer than the user's words alone.
    assert.ok(body.usage.prompt_tokens > 8, `${body.usage.prompt_tokens} prompt tokens`);
  });

  test('streamed: the chunks reassemble to the non-streamed answer and the stream ends with [DONE]', async () => {
    const params = { messages, model_id: model, max_length: 10, do_sample: false };
    const whole = ((await (await post(params)).json()) as LocalLabChatResponse).choices[0]!.message.content;
    const response = await post({ ...params, stream: true });
    assert.equal(response.status, 200);
    const data: string[] = [];
    for await (const event of readServerSentEvents(response.body!)) data.push(event);
    assert.equal(data.at(-1), '[DONE]');
    assert.equal(data.slice(0, -1).join(''), whole);
  });

  const malformed: Array<[string, unknown]> = [
    ['no messages', { model_id: model }],
    ['empty messages', { messages: [], model_id: model }],
    ['unknown role', { messages: [{ role: 'wizard', content: 'hi' }], model_id: model }],
    ['content not a string', { messages: [{ role: 'user', content: 5 }], model_id: model }],
  ];
  for (const [name, body] of malformed) {
    test(`400 in LocalLab's shape: ${name}`, async () => {
      const response = await post(body);
      assert.equal(response.status, 400);
      assert.equal(typeof ((await response.json()) as { detail: unknown }).detail, 'string');
    });
  }

  test('an unknown model is 404', async () => {
    const response = await post({ messages, model_id: 'missing-model' });
    assert.equal(response.status, 404);
  });
});
