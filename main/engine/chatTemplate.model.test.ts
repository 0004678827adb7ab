import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { resolveChatWrapper, type ChatHistoryItem, type Llama, type LlamaModel } from 'node-llama-cpp';
import OpenAI from 'openai';
import { Ollama } from 'ollama';
import { hostileTemplates, realWorldTemplates } from '../../test/fixtures/chatTemplates.js';
import { writeGgufWithTemplate } from '../../test/fixtures/ggufWithTemplate.js';
import { startTestServer, type TestServer } from '../../test/startServer.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';
import { resolveModelChatWrapper } from './chatTemplate.js';
import type { LoadedModel } from './LoadedModel.js';

const models = [testModels.chatml];
/** Templates that fail the first probe at load, however the request reads. */
const failAtLoad = ['range', 'nestedLoops', 'stringDoubling', 'recursiveMacro', 'inputDependent'] as const;
/** More than the 12 messages hostileTemplates.triggeredByInput takes in its stride. */
const longChat = Array.from({ length: 13 }, (_, index) => ({ role: index % 2 === 0 ? ('user' as const) : ('assistant' as const), content: `Message ${index}` }));
const history: ChatHistoryItem[] = [
  { type: 'system', text: 'Be brief.' },
  { type: 'user', text: 'Hi' },
  { type: 'model', response: ['Hello!'] },
  { type: 'user', text: 'Tell me a story.' },
  { type: 'model', response: [] },
];

function capturingLogger() {
  const warnings: { fields: Record<string, unknown>; message: string }[] = [];
  return { warnings, logger: { warn: (fields: Record<string, unknown>, message: string) => void warnings.push({ fields, message }) } };
}

describe('chat templates at load', { skip: missingTestModels(models) }, () => {
  let llama: Llama;
  let dir: string;
  const loaded: LlamaModel[] = [];
  const load = async (id: string, template?: string): Promise<LlamaModel> => {
    let modelPath = testModelPath(testModels.chatml);
    if (template !== undefined) {
      modelPath = path.join(dir, `${id}.gguf`);
      await writeGgufWithTemplate(testModelPath(testModels.chatml), modelPath, template);
    }
    const model = await llama.loadModel({ modelPath });
    loaded.push(model);
    return model;
  };
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-templates-'));
    const { getLlama } = await import('node-llama-cpp');
    llama = await getLlama({ gpu: false, maxThreads: 1 });
  });
  after(async () => {
    for (const model of loaded) await model.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  test('a ChatML model keeps its template: the same wrapper and prompt text as node-llama-cpp alone picks', async () => {
    const model = await load(testModels.chatml);
    const { warnings, logger } = capturingLogger();
    const wrapper = resolveModelChatWrapper(model, testModels.chatml, logger);
    assert.deepEqual(warnings, []);
    assert.equal(wrapper.wrapperName, 'ChatML');
    const text = wrapper.generateContextState({ chatHistory: history }).contextText.toString();
    assert.equal(text, resolveChatWrapper(model).generateContextState({ chatHistory: history }).contextText.toString());
    // LlamaText prints the BOS token by name.
    assert.equal(text, 'BOS<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nTell me a story.<|im_end|>\n<|im_start|>assistant\n');
  });

  test('real-world templates are used as they are, with no warning', async () => {
    for (const [name, template] of Object.entries(realWorldTemplates)) {
      const model = await load(`real-${name}`, template);
      const { warnings, logger } = capturingLogger();
      const wrapper = resolveModelChatWrapper(model, name, logger);
      assert.deepEqual(warnings, [], name);
      assert.match(wrapper.generateContextState({ chatHistory: history }).contextText.toString(), /Tell me a story\./, name);
    }
  });

  test('a template that blows its limits when probed is replaced by the built-in wrapper, with a warning naming the model and the limit', async () => {
    for (const name of failAtLoad) {
      const id = `hostile-${name}`;
      const model = await load(id, hostileTemplates[name]);
      const { warnings, logger } = capturingLogger();
      const wrapper = resolveModelChatWrapper(model, id, logger);
      assert.notEqual(wrapper.wrapperName, 'JinjaTemplate', name);
      assert.equal(warnings.length, 1, name);
      assert.equal(warnings[0]!.fields.model, id);
      assert.match(warnings[0]!.message, new RegExp(`'${id}'.*rendering limit on (items|steps|stepsPerRender|valueChars|depth|ms)`), name);
      // The fallback renders without the template.
      assert.match(wrapper.generateContextState({ chatHistory: history }).contextText.toString(), /Tell me a story\./);
    }
  });

  test('a template that fails to parse is replaced too, with the reason', async () => {
    const model = await load('broken', '{% for m in messages %}{{ m.content ');
    const { warnings, logger } = capturingLogger();
    const wrapper = resolveModelChatWrapper(model, 'broken', logger);
    assert.notEqual(wrapper.wrapperName, 'JinjaTemplate');
    assert.match(warnings[0]?.message ?? '', /'broken'.*failed to render/);
  });

  test('a template that runs away only on some input is kept; it is bounded per request', async () => {
    const model = await load('boom', hostileTemplates.triggeredByInput);
    const { warnings, logger } = capturingLogger();
    const wrapper = resolveModelChatWrapper(model, 'boom', logger);
    assert.deepEqual(warnings, []);
    assert.equal(wrapper.wrapperName, 'JinjaTemplate');
    const long: ChatHistoryItem[] = longChat.map(({ role, content }) => (role === 'user' ? { type: 'user', text: content } : { type: 'model', response: [content] }));
    assert.throws(() => wrapper.generateContextState({ chatHistory: [...long, { type: 'model', response: [] }] }), {
      name: 'ChatTemplateLimitError',
      status: 422,
    });
  });
});

describe('a server with hostile chat templates', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let openai: OpenAI;
  const loadedModel = (id: string) => (server.services.engine as unknown as { scheduler: { get(id: string): LoadedModel } }).scheduler.get(id);
  const health = async () => (await fetch(`${server.url}/health`, { signal: AbortSignal.timeout(10_000) })).status;
  before(async () => {
    server = await startTestServer({
      models,
      // One slot and no queue for 'boom': a request that took its slot before rendering would get 503, not 422.
      settings: { modelDefaults: { threads: 1, contextSize: 512 }, models: { boom: { parallelSlots: 1 } }, queueSize: 0 },
    });
    for (const name of failAtLoad) await writeGgufWithTemplate(testModelPath(testModels.chatml), path.join(server.modelsDir, `hostile-${name}.gguf`), hostileTemplates[name]);
    await writeGgufWithTemplate(testModelPath(testModels.chatml), path.join(server.modelsDir, 'boom.gguf'), hostileTemplates.triggeredByInput);
    openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  test('each loads with the fallback wrapper and answers while /health keeps answering; memory stays bounded', async () => {
    const rssBefore = process.memoryUsage().rss;
    for (const name of failAtLoad) {
      const chat = openai.chat.completions.create({ model: `hostile-${name}`, messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4 }, { timeout: 60_000 });
      assert.equal(await health(), 200, `/health while hostile-${name} loads`);
      const reply = await chat;
      assert.equal(reply.choices[0]?.message.role, 'assistant', name);
      assert.notEqual(loadedModel(`hostile-${name}`).chatWrapper.wrapperName, 'JinjaTemplate', name);
    }
    const grown = process.memoryUsage().rss - rssBefore;
    assert.ok(grown < 500e6, `RSS grew by ${Math.round(grown / 1e6)} MB`);
  });

  test('a request that makes the template run away fails with 422 before it takes a slot, in each family shape', async () => {
    const ollama = new Ollama({ host: server.url });
    const ok = await openai.chat.completions.create({ model: 'boom', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4 });
    assert.equal(ok.choices[0]?.message.role, 'assistant');

    // Hold the model's only slot: a request that needs it now answers 503 (no queue).
    const lease = await loadedModel('boom').acquire(null);
    try {
      await assert.rejects(openai.chat.completions.create({ model: 'boom', messages: [{ role: 'user', content: 'Hi' }], max_tokens: 4 }), { status: 503 });
      const boom = openai.chat.completions.create({ model: 'boom', messages: longChat, max_tokens: 4 });
      assert.equal(await health(), 200, '/health while the template runs');
      await assert.rejects(boom, (error: InstanceType<typeof OpenAI.APIError>) => {
        assert.equal(error.status, 422);
        assert.equal(error.code, 'chat_template_limit_exceeded');
        assert.equal(error.type, 'invalid_request_error');
        assert.match(error.message, /chat template of the model 'boom' exceeded its rendering limits/);
        return true;
      });
      await assert.rejects(ollama.chat({ model: 'boom', messages: longChat, stream: false }), (error: Error & { status_code?: number }) => {
        assert.equal(error.status_code, 422);
        assert.match(error.message, /exceeded its rendering limits/);
        return true;
      });
    } finally {
      lease.release();
    }
    const again = await openai.chat.completions.create({ model: 'boom', messages: [{ role: 'user', content: 'Hi again' }], max_tokens: 4 });
    assert.equal(again.choices[0]?.message.role, 'assistant', 'the model still serves');
  });
});
