import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import OpenAI from 'openai';
import type { Assistant } from '../../../common/assistants.js';
import type { OpenAiChatCompletion } from '../../../common/api/openai.js';
import { groundedChatModels as models, groundingQuestion as question, startGroundedChatServer } from '../../../test/groundedChat.js';
import type { TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// Mechanics only: instructions in force show as the exact prompt tokens of the same messages with that
// system message written out; a JSON schema as JSON that parses; datastores as the rare keyword's passage in `sources`.

const instructions = 'You are a pirate. Answer every question in the voice of a pirate captain, and end each answer with the word arr.';
const messages = [{ role: 'user' as const, content: 'Where is the treasure?' }];

describe('/v1/assistants and assistants as chat models', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  /** An admin key: assistants are changed by admins. */
  let admin: OpenAI;
  /** A user key: lists assistants and uses them, changes none. */
  let bob: OpenAI;
  let bobKey: string;
  let handbookId: string;
  let keywordChunkId: string;
  let pirate: Assistant;

  before(async () => {
    const grounded = await startGroundedChatServer(7);
    ({ server, bobKey, keywordChunkId } = grounded);
    handbookId = grounded.handbook.id;
    const adminKey = (await server.services.keys.create({ alias: 'admin', role: 'admin' })).key;
    admin = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: adminKey, maxRetries: 0 });
    bob = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: bobKey, maxRetries: 0 });
    pirate = (await admin.beta.assistants.create({ model: testModels.tiny, name: 'Pirate', instructions, temperature: 0.1, metadata: { team: 'sea' } })) as unknown as Assistant;
  });
  after(() => server?.close());

  test('create, retrieve, modify and delete with the openai client; any key lists, only admins change', async () => {
    assert.match(pirate.id, /^asst_[0-9a-f]{24}$/);
    assert.equal(pirate.object, 'assistant');
    assert.equal(pirate.instructions, instructions);
    assert.deepEqual(pirate.metadata, { team: 'sea' });
    assert.deepEqual(await bob.beta.assistants.retrieve(pirate.id), pirate);

    const temp = await admin.beta.assistants.create({ model: testModels.tiny, name: 'Temp', description: 'short-lived', top_p: 0.5 });
    const changed = await admin.beta.assistants.update(temp.id, { description: null as unknown as string, instructions: 'Be brief.' });
    assert.equal(changed.description, null, 'null clears a field');
    assert.equal(changed.instructions, 'Be brief.');
    assert.equal(changed.top_p, 0.5, 'a field left out keeps its value');

    await assert.rejects(bob.beta.assistants.create({ model: testModels.tiny }), (error) => error instanceof OpenAI.PermissionDeniedError);
    await assert.rejects(bob.beta.assistants.delete(temp.id), (error) => error instanceof OpenAI.PermissionDeniedError);
    assert.deepEqual(await admin.beta.assistants.delete(temp.id), { id: temp.id, object: 'assistant.deleted', deleted: true });
    await assert.rejects(bob.beta.assistants.retrieve(temp.id), (error) => error instanceof OpenAI.NotFoundError);
  });

  test('the list pages with limit, order, after and before, and is served under /api/v1 too', async () => {
    const made = [];
    for (const name of ['Page A', 'Page B', 'Page C']) made.push(await admin.beta.assistants.create({ model: testModels.tiny, name }));
    const ids = made.map((a) => a.id);
    const page = await bob.beta.assistants.list({ limit: 2 });
    assert.deepEqual(page.data.map((a) => a.id), [ids[2], ids[1]], 'newest first by default');
    assert.equal(page.has_more, true);
    const next = await bob.beta.assistants.list({ limit: 2, after: ids[1] });
    assert.deepEqual(next.data.map((a) => a.id), [ids[0], pirate.id]);
    const all: string[] = [];
    for await (const assistant of bob.beta.assistants.list({ limit: 1, order: 'asc' })) all.push(assistant.id);
    assert.deepEqual(all, [pirate.id, ...ids], 'the SDK pages through every one with after');
    const before = await fetch(`${server.url}/api/v1/assistants?order=asc&limit=2&before=${ids[2]}`, { headers: { Authorization: `Bearer ${bobKey}` } });
    const body = (await before.json()) as { object: string; data: Assistant[]; first_id: string; last_id: string; has_more: boolean };
    assert.equal(body.object, 'list');
    assert.deepEqual(body.data.map((a) => a.id), [ids[0], ids[1]]);
    assert.deepEqual([body.first_id, body.last_id, body.has_more], [ids[0], ids[1], true]);
    for (const id of ids) await admin.beta.assistants.delete(id);
  });

  test('validation errors are 400 in OpenAI shape, naming what is wrong', async () => {
    const refused = async (body: Record<string, unknown>, param: string | null, text: RegExp) => {
      const response = await fetch(`${server.url}/v1/assistants`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${(admin as unknown as { apiKey: string }).apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      });
      assert.equal(response.status, 400, JSON.stringify(body));
      const { error } = (await response.json()) as { error: { message: string; type: string; param: string | null } };
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.param, param);
      assert.match(error.message, text);
    };
    await refused({ model: 'no-such-model' }, 'model', /'no-such-model' is not on this server/);
    await refused({ model: testModels.tiny, tool_resources: { file_search: { vector_store_ids: [handbookId, 'ds_missing'] } } }, 'tool_resources.file_search.vector_store_ids.1', /No datastore 'ds_missing'/);
    await refused({ model: testModels.tiny, name: 'pirate' }, 'name', /already named 'Pirate'/);
    await refused({ model: testModels.tiny, name: testModels.chatml }, 'name', /a model's name/);
    await refused({ model: testModels.tiny, temperature: 3 }, 'temperature', /./);
    await refused({ model: testModels.tiny, metadata: Object.fromEntries(Array.from({ length: 17 }, (_, i) => [`k${i}`, 'v'])) }, 'metadata', /16/);
    await refused({ model: testModels.tiny, tools: [{ type: 'code_interpreter' }] }, 'tools.0', /code_interpreter/);
    await refused({ model: testModels.tiny, colour: 'red' }, null, /colour/);
    // The depth rule chat requests' schemas pass, since an assistant's schemas reach the same grammar code.
    const deep = Array.from({ length: 70 }).reduce<object>((inner) => ({ type: 'array', items: inner }), { type: 'string' });
    await refused({ model: testModels.tiny, tools: [{ type: 'function', function: { name: 'f', parameters: deep } }] }, 'tools.0.function.parameters', /levels deep/);
    await refused({ model: testModels.tiny, response_format: { type: 'json_schema', json_schema: { name: 'deep', schema: deep } } }, 'response_format.json_schema.schema', /levels deep/);
  });

  test('as the model of a chat completion: its instructions are the system message, before the client own; the assistant is echoed', async () => {
    const plain = await bob.chat.completions.create({ model: testModels.tiny, messages: [{ role: 'system', content: instructions }, ...messages], max_tokens: 4 });
    for (const name of [pirate.id, 'Pirate', 'pirate']) {
      const reply = await bob.chat.completions.create({ model: name, messages, max_tokens: 4 });
      assert.equal(reply.model, name, 'the assistant is echoed as sent');
      assert.equal(reply.usage!.prompt_tokens, plain.usage!.prompt_tokens, 'the prompt is the instructions as system message plus the messages');
    }
    const own = 'Keep it short.';
    const withOwn = await bob.chat.completions.create({ model: pirate.id, messages: [{ role: 'system', content: own }, ...messages], max_tokens: 4 });
    const merged = await bob.chat.completions.create({ model: testModels.tiny, messages: [{ role: 'system', content: `${instructions}\n\n${own}` }, ...messages], max_tokens: 4 });
    assert.equal(withOwn.usage!.prompt_tokens, merged.usage!.prompt_tokens, "the instructions come first, the client's system message after them");

    const stream = await bob.chat.completions.create({ model: 'Pirate', messages, max_tokens: 4, stream: true, stream_options: { include_usage: true } });
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      assert.equal(chunk.model, 'Pirate');
      usage = chunk.usage ?? usage;
    }
    assert.equal(usage?.prompt_tokens, plain.usage!.prompt_tokens);

    const ollamaV1 = new OpenAI({ baseURL: `${server.url}/ollama/v1`, apiKey: bobKey, maxRetries: 0 });
    assert.equal((await ollamaV1.chat.completions.create({ model: 'Pirate', messages, max_tokens: 4 })).usage!.prompt_tokens, plain.usage!.prompt_tokens);
    await assert.rejects(bob.chat.completions.create({ model: 'no-such-assistant', messages, max_tokens: 4 }), (error) => error instanceof OpenAI.NotFoundError);
  });

  test('its JSON schema response_format is the default a request may override', async () => {
    const schema = { type: 'object', properties: { mood: { enum: ['happy', 'sad'] } }, required: ['mood'], additionalProperties: false };
    const moody = await admin.beta.assistants.create({ model: testModels.tiny, name: 'Moody', response_format: { type: 'json_schema', json_schema: { name: 'mood', schema } } });
    for (const seed of [1, 2, 3]) {
      const reply = await bob.chat.completions.create({ model: moody.id, messages, max_tokens: 32, seed, temperature: 1 });
      assert.deepEqual(Object.keys(JSON.parse(reply.choices[0]!.message.content!) as object), ['mood']);
    }
    const text = await bob.chat.completions.create({ model: moody.id, messages, max_tokens: 4, response_format: { type: 'text' } });
    assert.equal(text.choices[0]!.finish_reason, 'length', 'the request own format wins: free text runs to max_tokens');
    await admin.beta.assistants.delete(moody.id);
  });

  test('its datastores ground every caller: sources come back with the rare keyword passage', async () => {
    // Alice's private datastore, attached by an admin: the assistant shares it with whoever uses the assistant.
    const librarian = await admin.beta.assistants.create({ model: testModels.tiny, name: 'Librarian', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: [handbookId] } } });
    assert.deepEqual(librarian.tool_resources, { file_search: { vector_store_ids: [handbookId] } });
    const reply = (await bob.chat.completions.create({ model: 'Librarian', messages: [{ role: 'user', content: question }], max_tokens: 8 })) as unknown as OpenAiChatCompletion;
    assert.ok(reply.sources?.some((source) => source.chunk_id === keywordChunkId), JSON.stringify(reply.sources?.map((s) => s.text)));
    // Directly, Bob can't read that datastore.
    await assert.rejects(
      bob.chat.completions.create({ model: testModels.tiny, messages, max_tokens: 4, files: [{ type: 'collection', id: handbookId }] } as OpenAI.ChatCompletionCreateParamsNonStreaming),
      (error) => error instanceof OpenAI.NotFoundError,
    );

    const ollama = new Ollama({ host: server.url, headers: { Authorization: `Bearer ${bobKey}` } });
    const answer = (await ollama.chat({ model: 'Librarian', messages: [{ role: 'user', content: question }], stream: false, options: { num_predict: 8 } })) as unknown as { model: string; sources?: Array<{ chunk_id: string }> };
    assert.equal(answer.model, 'Librarian');
    assert.ok(answer.sources?.some((source) => source.chunk_id === keywordChunkId));
    await admin.beta.assistants.delete(librarian.id);
  });

  test('Ollama chat and generate, Responses, Anthropic Messages and LocalLab /chat apply the instructions alike', async () => {
    const auth = { Authorization: `Bearer ${bobKey}`, 'Content-Type': 'application/json' };
    const ollama = new Ollama({ host: server.url, headers: { Authorization: `Bearer ${bobKey}` } });
    const chat = await ollama.chat({ model: 'Pirate', messages, stream: false, options: { num_predict: 4 } });
    const direct = await ollama.chat({ model: testModels.tiny, messages: [{ role: 'system', content: instructions }, ...messages], stream: false, options: { num_predict: 4 } });
    assert.equal(chat.model, 'Pirate');
    assert.equal(chat.prompt_eval_count, direct.prompt_eval_count);
    const generated = await ollama.generate({ model: pirate.id, prompt: messages[0]!.content, stream: false, options: { num_predict: 4 } });
    assert.equal(generated.prompt_eval_count, direct.prompt_eval_count);

    const response = await bob.responses.create({ model: 'Pirate', input: messages[0]!.content, max_output_tokens: 16 });
    const plainResponse = await bob.responses.create({ model: testModels.tiny, instructions, input: messages[0]!.content, max_output_tokens: 16 });
    assert.equal(response.model, 'Pirate');
    assert.equal(response.usage!.input_tokens, plainResponse.usage!.input_tokens);

    const anthropic = async (model: string, system?: string) => {
      const reply = await fetch(`${server.url}/v1/messages`, { method: 'POST', headers: auth, body: JSON.stringify({ model, max_tokens: 4, messages, ...(system ? { system } : {}) }) });
      assert.equal(reply.status, 200);
      return (await reply.json()) as { model: string; usage: { input_tokens: number; cache_read_input_tokens?: number } };
    };
    const viaAssistant = await anthropic('Pirate');
    const viaModel = await anthropic(testModels.tiny, instructions);
    assert.equal(viaAssistant.model, 'Pirate');
    const inputOf = (m: typeof viaModel) => m.usage.input_tokens + (m.usage.cache_read_input_tokens ?? 0);
    assert.equal(inputOf(viaAssistant), inputOf(viaModel));

    const localLab = async (model_id: string, extra: Array<{ role: string; content: string }> = []) => {
      const reply = await fetch(`${server.url}/chat`, { method: 'POST', headers: auth, body: JSON.stringify({ model_id, messages: [...extra, ...messages], max_length: 4 }) });
      assert.equal(reply.status, 200);
      return (await reply.json()) as { usage: { prompt_tokens: number } };
    };
    assert.equal((await localLab('Pirate')).usage.prompt_tokens, (await localLab(testModels.tiny, [{ role: 'system', content: instructions }])).usage.prompt_tokens);
  });

  test('threads and runs answer 501 naming /v1/responses', async () => {
    await assert.rejects(bob.beta.threads.create(), (error) => error instanceof OpenAI.APIError && error.status === 501 && /\/v1\/responses/.test(error.message));
    const run = await fetch(`${server.url}/api/v1/threads/thread_x/runs`, { method: 'POST', headers: { Authorization: `Bearer ${bobKey}` } });
    assert.equal(run.status, 501);
    const { error } = (await run.json()) as { error: { type: string; message: string } };
    assert.equal(error.type, 'not_supported_error');
    assert.match(error.message, /\/v1\/responses/);
  });

  test('assistants survive a restart of the store', async () => {
    const { AssistantStore } = await import('../../assistants/AssistantStore.js');
    const reopened = await AssistantStore.open({ dataDir: server.dataDir, logger: server.services.logger });
    assert.deepEqual(reopened.get(pirate.id), pirate);
  });
});
