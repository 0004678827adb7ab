import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readServerSentEvents } from '../../../common/api/sse.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

const model = testModels.chatml;
const contextSize = 256;
// About 600 tokens of conversation: far more than the context holds.
const longConversation = Array.from({ length: 40 }, (_, i) => ({
  role: i % 2 === 0 ? ('user' as const) : ('assistant' as const),
  content: `Turn ${i}: the little cat walked to the park and played with a ball.`,
}));
const messages = [{ role: 'system' as const, content: 'You tell short stories.' }, ...longConversation, { role: 'user' as const, content: 'And then?' }];

describe('POST /v1/chat/completions with truncation', { skip: missingTestModels([model]) }, () => {
  let server: TestServer;
  const post = (body: object) =>
    fetch(`${server.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, messages, max_tokens: 16, ...body }) });
  before(async () => {
    server = await startTestServer({ models: [model], settings: { models: { [model]: { contextSize, parallelSlots: 1, threads: 1 } } } });
  });
  after(() => server?.close());

  test('without it, a conversation longer than the context is refused as before', async () => {
    const response = await post({});
    assert.equal(response.status, 400);
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'context_length_exceeded');
  });

  test('"auto" leaves out the oldest turns, answers, and says how many it left out', async () => {
    const response = await post({ truncation: 'auto' });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { usage: { prompt_tokens: number; completion_tokens: number }; hearth: { omitted_messages: number } };
    const omitted = body.hearth.omitted_messages;
    assert.ok(omitted > 0 && omitted <= longConversation.length, `omitted ${omitted}`);
    assert.equal(response.headers.get('x-hearth-omitted-messages'), String(omitted));
    assert.ok(body.usage.prompt_tokens + 16 <= contextSize, JSON.stringify(body.usage));
    assert.ok(body.usage.completion_tokens > 0);
  });

  test('streamed, the finishing chunk carries the count', async () => {
    const response = await post({ truncation: 'auto', stream: true, stream_options: { include_usage: true } });
    assert.equal(response.status, 200);
    let finishing: { hearth?: { omitted_messages: number } } | undefined;
    for await (const data of readServerSentEvents(response.body!)) {
      if (data === '[DONE]') break;
      const chunk = JSON.parse(data) as { choices: { finish_reason: string | null }[]; hearth?: { omitted_messages: number } };
      if (chunk.choices[0]?.finish_reason) finishing = chunk;
    }
    assert.ok((finishing?.hearth?.omitted_messages ?? 0) > 0, JSON.stringify(finishing));
  });

  test('"auto" on a conversation that fits leaves nothing out and says 0', async () => {
    const response = await post({ truncation: 'auto', messages: messages.slice(-2) });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { hearth: { omitted_messages: number } };
    assert.equal(body.hearth.omitted_messages, 0);
  });
});
