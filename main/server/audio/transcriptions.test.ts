import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import busboy from 'busboy';
import OpenAI, { toFile } from 'openai';
import wavefile from 'wavefile';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { syntheticWhisperId, syntheticWhisperParent } from '../../../test/whisperSynthetic/syntheticWhisper.js';

/** One second of a quiet tone per `seconds`, 16 kHz mono 16-bit: what a dictation records. */
function wav(seconds: number): Uint8Array<ArrayBuffer> {
  const samples = Int16Array.from({ length: 16000 * seconds }, (_, i) => Math.round(3000 * Math.sin(i / 8)));
  const file = new wavefile.WaveFile();
  file.fromScratch(1, 16000, '16', samples);
  return new Uint8Array(file.toBuffer());
}

interface HeardRequest {
  path: string;
  fields: Record<string, string>;
  filename: string;
  bytes: number;
}

/**
 * A stand-in for an OpenAI-compatible speech server (LocalAI, a faster-whisper server) as a binding's
 * upstream: it reads the multipart request and answers OpenAI's verbose_json with text and times derived
 * from what it was sent, so each answer can be traced back to the request that caused it.
 */
async function startUpstream(): Promise<{ url: string; heard: HeardRequest[]; close(): Promise<void> }> {
  const heard: HeardRequest[] = [];
  const server: Server = createServer((req, res) => {
    const fields: Record<string, string> = {};
    let filename = '';
    let bytes = 0;
    const parser = busboy({ headers: req.headers });
    parser.on('field', (name, value) => (fields[name] = value));
    parser.on('file', (_name, stream, info) => {
      filename = info.filename ?? '';
      stream.on('data', (chunk: Buffer) => (bytes += chunk.length));
    });
    parser.on('close', () => {
      heard.push({ path: req.url ?? '', fields, filename, bytes });
      const duration = bytes / 32000;
      const task = req.url?.endsWith('/translations') ? 'translate' : 'transcribe';
      const first = `${task} ${fields.model}`;
      const second = `${filename} ${bytes}`;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          task,
          language: task === 'translate' ? 'english' : (fields.language ?? 'english'),
          duration,
          text: `${first} ${second}`,
          segments: [
            { id: 0, start: 0, end: duration / 2, text: ` ${first}` },
            { id: 1, start: duration / 2, end: duration, text: ` ${second}` },
          ],
        }),
      );
    });
    req.pipe(parser);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    heard,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('/v1/audio/transcriptions and /v1/audio/translations', () => {
  let server: TestServer;
  let openai: OpenAI;
  const post = (route: string, form: FormData | string, headers: Record<string, string> = {}) => fetch(`${server.url}${route}`, { method: 'POST', body: form, headers });
  const form = (fields: Record<string, string | string[]>, file: { bytes: Uint8Array<ArrayBuffer>; name: string } | null = { bytes: wav(1), name: 'clip.wav' }) => {
    const body = new FormData();
    if (file) body.set('file', new Blob([file.bytes], { type: 'audio/wav' }), file.name);
    for (const [name, value] of Object.entries(fields)) for (const one of [value].flat()) body.append(name, one);
    return body;
  };
  const openAiError = async (response: Response, status: number) => {
    const text = await response.text();
    assert.equal(response.status, status, text);
    const body = JSON.parse(text) as { error: { message: string; type: string; param: string | null; code: string | null } };
    assert.equal(typeof body.error.message, 'string');
    assert.equal(typeof body.error.type, 'string');
    return body.error;
  };

  before(async () => {
    server = await startTestServer();
    openai = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });

  after(async () => {
    await server?.close();
  });

  test('with no Whisper model and no binding: 404 that names the model to download and where it goes', async () => {
    for (const call of [
      async () => openai.audio.transcriptions.create({ file: await toFile(wav(1), 'clip.wav'), model: 'whisper-1' }),
      async () => openai.audio.translations.create({ file: await toFile(wav(1), 'clip.wav'), model: 'whisper-1' }),
    ]) {
      await assert.rejects(call(), (error: unknown) => {
        assert.ok(error instanceof OpenAI.NotFoundError, String(error));
        assert.equal(error.code, 'model_not_found');
        assert.equal(error.param, 'model');
        assert.match(error.message, /Whisper tiny/);
        assert.ok(error.message.includes(path.join(server.modelsDir, 'sherpa-onnx-whisper-tiny')), error.message);
        assert.match(error.message, /binding/);
        return true;
      });
    }
    // The other OpenAI prefixes answer the same.
    assert.equal((await openAiError(await post('/api/v1/audio/transcriptions', form({ model: 'whisper-1' })), 404)).code, 'model_not_found');
  });

  test('bad requests answer 400 or 413 in OpenAI\'s shape, naming the field', async () => {
    const route = '/v1/audio/transcriptions';
    assert.equal((await openAiError(await post(route, form({ model: 'whisper-1' }, null)), 400)).param, 'file');
    assert.equal((await openAiError(await post(route, form({}), {}), 400)).param, 'model');
    const format = await openAiError(await post(route, form({ model: 'whisper-1', response_format: 'xml' })), 400);
    assert.equal(format.param, 'response_format');
    assert.match(format.message, /json, text, srt, verbose_json, vtt/);
    assert.equal((await openAiError(await post(route, form({ model: 'whisper-1', temperature: 'hot' })), 400)).param, 'temperature');
    assert.equal((await openAiError(await post(route, form({ model: 'whisper-1', 'timestamp_granularities[]': 'segment' })), 400)).param, 'timestamp_granularities');
    assert.match((await openAiError(await post(route, form({ model: 'whisper-1', response_format: 'verbose_json', 'timestamp_granularities[]': ['segment', 'word'] })), 400)).message, /Word timestamps/);
    assert.equal((await openAiError(await post(route, form({ model: 'whisper-1' }, { bytes: new Uint8Array(), name: 'empty.wav' })), 400)).param, 'file');
    assert.match((await openAiError(await post(route, JSON.stringify({ model: 'whisper-1' }), { 'content-type': 'application/json' }), 400)).message, /multipart\/form-data/);
    const tooLarge = await openAiError(await post(route, form({ model: 'whisper-1' }, { bytes: new Uint8Array(25 * 1024 * 1024 + 1), name: 'long.wav' })), 413);
    assert.match(tooLarge.message, /'long\.wav' is larger than/);
    // The server still answers on after a refused upload.
    assert.equal((await openAiError(await post(route, form({ model: 'whisper-1' })), 404)).code, 'model_not_found');
  });

  describe('with a local Whisper model folder', () => {
    before(async () => {
      // A folder as sherpa-onnx's archive unpacks, but damaged: its ONNX files are not ONNX.
      const dir = path.join(server.modelsDir, 'sherpa-onnx-whisper-tiny');
      await mkdir(dir, { recursive: true });
      for (const file of ['tiny-encoder.int8.onnx', 'tiny-decoder.int8.onnx']) await writeFile(path.join(dir, file), 'not onnx');
      await writeFile(path.join(dir, 'tiny-tokens.txt'), 'IQ== 0\nIg== 1\n');
    });

    test('audio other than WAV is a 400 naming its container', async () => {
      const ogg = new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 2, 0, 0, 0, 0]);
      const error = await openAiError(await post('/v1/audio/transcriptions', form({ model: 'whisper-1' }, { bytes: ogg, name: 'memo.ogg' })), 400);
      assert.equal(error.code, 'unsupported_audio_format');
      assert.match(error.message, /'memo\.ogg' is Ogg/);
    });

    test('a model sherpa-onnx cannot load is a 422 naming it, and the server answers on', async () => {
      await assert.rejects(openai.audio.transcriptions.create({ file: await toFile(wav(1), 'clip.wav'), model: 'sherpa-onnx-whisper-tiny' }), (error: unknown) => {
        assert.ok(error instanceof OpenAI.UnprocessableEntityError, String(error));
        assert.match(error.message, /'sherpa-onnx-whisper-tiny' cannot be loaded/);
        return true;
      });
      assert.equal((await fetch(`${server.url}/health`)).status, 200);
    });
  });

  describe('with the synthetic Whisper model, on the real local engine', () => {
    // test/whisperSynthetic/make.py: Whisper's interface without learned weights, so it says " hi"
    // over and over and always hears English; the mechanics (windows, times, formats) are what is checked.
    const model = syntheticWhisperId;
    const long = wav(35);

    before(async () => {
      await symlink(path.join(await syntheticWhisperParent(), model), path.join(server.modelsDir, model));
    });

    test('long audio is read in 29-second windows, one segment each, in every response_format', async () => {
      const verbose = await openai.audio.transcriptions.create({ file: await toFile(long, 'long.wav'), model, response_format: 'verbose_json' });
      assert.equal(verbose.duration, 35);
      assert.equal(verbose.language, 'english', 'detected, as no language was given');
      assert.deepEqual(verbose.segments?.map((s) => [s.id, s.start, s.end]), [[0, 0, 29], [1, 29, 35]]);
      for (const segment of verbose.segments!) assert.match(segment.text, /^\s*hi( hi)*\s*$/);
      assert.equal(verbose.text, verbose.segments!.map((s) => s.text.trim()).join(' '));

      const srt = await openai.audio.transcriptions.create({ file: await toFile(long, 'long.wav'), model, response_format: 'srt' });
      assert.match(srt, /^1\n00:00:00,000 --> 00:00:29,000\nhi[ hi]*\n\n2\n00:00:29,000 --> 00:00:35,000\nhi[ hi]*\n$/);
      const short = await openai.audio.transcriptions.create({ file: await toFile(wav(2), 'short.wav'), model, response_format: 'vtt', language: 'de' });
      assert.match(short, /^WEBVTT\n\n1\n00:00:00\.000 --> 00:00:02\.000\nhi[ hi]*\n$/);
      const text = await openai.audio.transcriptions.create({ file: await toFile(wav(2), 'short.wav'), model, response_format: 'text' });
      assert.match(text, /^hi( hi)*\n$/);
      const translated = await openai.audio.translations.create({ file: await toFile(wav(2), 'short.wav'), model });
      assert.match(translated.text, /^hi( hi)*$/);
    });

    test('a language the model lacks is a 400 naming it', async () => {
      const error = await openAiError(await post('/v1/audio/transcriptions', form({ model, language: 'fr' })), 400);
      assert.equal(error.param, 'language');
      assert.match(error.message, /'whisper-synthetic' doesn't know the language 'fr'/);
    });
  });

  describe('through a binding', () => {
    let upstream: Awaited<ReturnType<typeof startUpstream>>;
    const audio = wav(2);

    before(async () => {
      upstream = await startUpstream();
      await server.services.bindings.store.create({ name: 'speech-box', kind: 'openai', baseUrl: `${upstream.url}/v1`, models: [{ name: 'upstream-whisper', alias: 'remote-whisper' }] });
    });

    after(async () => {
      await upstream?.close();
    });

    const expectedText = (task: string) => `${task} upstream-whisper clip.wav ${audio.byteLength}`;

    test("json, text, srt, vtt and verbose_json carry the upstream's text and times", async () => {
      const duration = audio.byteLength / 32000;
      const json = await openai.audio.transcriptions.create({ file: await toFile(audio, 'clip.wav'), model: 'remote-whisper', language: 'de', prompt: 'Names: Kenobi' });
      assert.equal(json.text, expectedText('transcribe'));
      const asked = upstream.heard.at(-1)!;
      assert.equal(asked.path, '/v1/audio/transcriptions');
      assert.deepEqual({ ...asked.fields }, { model: 'upstream-whisper', response_format: 'verbose_json', language: 'de', prompt: 'Names: Kenobi' });
      assert.equal(asked.bytes, audio.byteLength);

      const text = await openai.audio.transcriptions.create({ file: await toFile(audio, 'clip.wav'), model: 'remote-whisper', response_format: 'text' });
      assert.equal(text, `${expectedText('transcribe')}\n`);

      // hh:mm:ss.mmm, to the nearest millisecond.
      const clock = (seconds: number) => new Date(Math.round(seconds * 1000)).toISOString().slice(11, 23);
      const half = clock(duration / 2);
      const whole = clock(duration);
      const srt = await openai.audio.transcriptions.create({ file: await toFile(audio, 'clip.wav'), model: 'remote-whisper', response_format: 'srt' });
      assert.equal(srt, `1\n00:00:00,000 --> ${half.replace('.', ',')}\ntranscribe upstream-whisper\n\n2\n${half.replace('.', ',')} --> ${whole.replace('.', ',')}\nclip.wav ${audio.byteLength}\n`);
      const vtt = await openai.audio.transcriptions.create({ file: await toFile(audio, 'clip.wav'), model: 'remote-whisper', response_format: 'vtt' });
      assert.equal(vtt, `WEBVTT\n\n1\n00:00:00.000 --> ${half}\ntranscribe upstream-whisper\n\n2\n${half} --> ${whole}\nclip.wav ${audio.byteLength}\n`);

      const verbose = await openai.audio.transcriptions.create({ file: await toFile(audio, 'clip.wav'), model: 'remote-whisper', response_format: 'verbose_json', timestamp_granularities: ['segment'] });
      assert.equal(verbose.text, expectedText('transcribe'));
      assert.equal(verbose.language, 'english');
      assert.equal(verbose.duration, duration);
      assert.deepEqual(
        verbose.segments?.map((s) => [s.id, s.start, s.end, s.text]),
        [
          [0, 0, duration / 2, 'transcribe upstream-whisper'],
          [1, duration / 2, duration, `clip.wav ${audio.byteLength}`],
        ],
      );
      assert.deepEqual(verbose.usage, { type: 'duration', seconds: Math.ceil(duration) });
    });

    test('translations go to the upstream\'s /audio/translations and say English', async () => {
      const verbose = (await openai.audio.translations.create({ file: await toFile(audio, 'clip.wav'), model: 'remote-whisper', response_format: 'verbose_json' })) as OpenAI.Audio.TranslationVerbose & { task: string };
      assert.equal(upstream.heard.at(-1)!.path, '/v1/audio/translations');
      assert.equal(verbose.text, expectedText('translate'));
      assert.equal(verbose.language, 'english');
      assert.equal(verbose.task, 'translate');
      const plain = await openai.audio.translations.create({ file: await toFile(audio, 'clip.wav'), model: 'remote-whisper' });
      assert.equal(plain.text, expectedText('translate'));
    });

    test('the request log records the model', async () => {
      await openai.audio.transcriptions.create({ file: await toFile(audio, 'clip.wav'), model: 'remote-whisper' });
      const [latest] = server.services.stats.recent(1);
      assert.deepEqual([latest?.route, latest?.status, latest?.model], ['/v1/audio/transcriptions', 200, 'remote-whisper']);
    });
  });
});
