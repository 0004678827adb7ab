import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import OpenAI, { toFile } from 'openai';
import type { BindingSummary } from '../../common/bindings.js';
import type { RequestRecord } from '../../common/stats.js';
import { startMediaStandIn, standInTranscript, type MediaStandIn } from '../../test/fixtures/openAiMediaStandIn.js';
import { startTestServer, type TestServer } from '../../test/startServer.js';

/**
 * Images and transcription through a binding. Hearth can't be that upstream (it serves neither), so a small
 * stand-in answers OpenAI's shapes; what is tested is Hearth's forwarding: routes, model names, keys, errors.
 */
describe('images and transcription through a binding', () => {
  let server: TestServer;
  let standIn: MediaStandIn;
  let openai: OpenAI;
  const post = (path: string, body: unknown) => fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const audio = new Uint8Array([82, 73, 70, 70, 1, 2, 3, 4, 5, 6]);

  before(async () => {
    [server, standIn] = await Promise.all([startTestServer(), startMediaStandIn()]);
    openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(async () => {
    await server?.close();
    await standIn?.close();
  });

  test('without a binding: 501 saying what to add', async () => {
    for (const [path, body] of [
      ['/v1/images/generations', { prompt: 'a cat', model: 'sd' }],
      ['/v1/images/generations', { prompt: 'a cat' }],
      ['/lollms/v1/images/edit', { prompt: 'a tiger', image: Buffer.from('png').toString('base64') }],
    ] as const) {
      const response = await post(path, body);
      assert.equal(response.status, 501, path);
      assert.match(((await response.json()) as { error: { message: string } }).error.message, /Add a binding that serves an image model/);
    }
    assert.equal(server.services.bindings.transcriber('whisper-1'), null);
  });

  test('images: generations under /v1 and /api/v1, and LoLLMs edits, reach the binding with its model name and key', async () => {
    const created = await post('/v1/admin/bindings', {
      name: 'localai',
      kind: 'openai',
      baseUrl: standIn.baseUrl,
      apiKey: 'sk-media',
      models: [{ name: 'sd-upstream', alias: 'sd' }, { name: 'whisper-upstream', alias: 'whisper-1' }, { name: 'whisper-plain' }],
    });
    assert.equal(created.status, 201);
    assert.equal(((await created.json()) as BindingSummary).hasApiKey, true);

    const image = await openai.images.generate({ model: 'sd', prompt: 'a cat', n: 2, size: '256x256' });
    assert.equal(image.data?.length, 2);
    assert.equal(Buffer.from(image.data![0]!.b64_json!, 'base64').toString(), 'image of a cat');
    const forwarded = standIn.received.find((r) => r.path === '/v1/images/generations')!;
    assert.equal(forwarded.json?.model, 'sd-upstream');
    assert.equal(forwarded.json?.size, '256x256');
    assert.equal(forwarded.authorization, 'Bearer sk-media');

    const pllm = await post('/api/v1/images/generations', { model: 'sd', prompt: 'a dog' });
    assert.equal(pllm.status, 200);
    const noModel = await post('/v1/images/generations', { prompt: 'a dog' });
    assert.equal(noModel.status, 400);

    const bytes = Buffer.from([137, 80, 78, 71, 1, 2, 3]);
    const edit = await post('/lollms/v1/images/edit', { model: 'sd', prompt: 'a tiger', image: `data:image/png;base64,${bytes.toString('base64')}` });
    assert.equal(edit.status, 200, await edit.clone().text());
    const edited = (await edit.json()) as { data: { b64_json: string }[] };
    assert.equal(Buffer.from(edited.data[0]!.b64_json, 'base64').toString(), `edited ${bytes.length} bytes: a tiger`);
    assert.deepEqual(standIn.received.find((r) => r.path === '/v1/images/edits')?.files.image, bytes);

    const log = (await (await fetch(`${server.url}/v1/admin/requests?limit=20`)).json()) as { data: RequestRecord[] };
    assert.ok(log.data.some((r) => r.route === '/v1/images/generations' && r.model === 'sd' && r.status === 200));
  });

  test('transcription: the binding transcriber gives the upstream\'s segments, or one segment for plain json', async () => {
    const transcriber = server.services.bindings.transcriber('whisper-1');
    assert.ok(transcriber);
    const verbose = await transcriber.transcribe({ audio, filename: 'clip.wav', mimeType: 'audio/wav', model: 'whisper-1', language: 'en', task: 'transcribe' });
    assert.equal(verbose.text, standInTranscript);
    assert.deepEqual(verbose.segments.map((s) => [s.start, s.end, s.text]), [[0, 1.2, 'the quick'], [1.2, 2.5, 'brown fox']]);
    assert.equal(verbose.durationSeconds, 2.5);
    const sent = standIn.received.findLast((r) => r.path === '/v1/audio/transcriptions')!;
    assert.equal(sent.fields.model, 'whisper-upstream');
    assert.equal(sent.fields.response_format, 'verbose_json');
    assert.deepEqual(new Uint8Array(sent.files.file!), audio);

    const plain = await server.services.bindings.transcriber('whisper-plain')!.transcribe({ audio, filename: 'clip.wav', model: 'whisper-plain', task: 'translate' });
    assert.equal(plain.text, `translated: ${standInTranscript}`);
    assert.equal(plain.segments.length, 1);
    assert.equal(standIn.received.at(-1)!.path, '/v1/audio/translations');
    assert.equal(server.services.bindings.transcriber('no-such-model'), null);
  });

  test('transcription over HTTP: /v1/audio/transcriptions answers with the upstream\'s text', async () => {
    const text = await openai.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(audio, 'clip.wav'), response_format: 'text' });
    assert.equal(String(text).trim(), standInTranscript);
    const srt = await openai.audio.transcriptions.create({ model: 'whisper-1', file: await toFile(audio, 'clip.wav'), response_format: 'srt' });
    assert.match(String(srt), /00:00:01,200 --> 00:00:02,500\s+brown fox/);
  });
});
