import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { parseBuffer } from 'music-metadata';
import OpenAI from 'openai';
import type { SpeechVoicesResponse } from '../../../common/api/speech.js';
import { maxSpeechInputChars } from '../../../common/api/speech.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';

interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

const sentence = 'Hearth speaks this sentence aloud, offline, through espeak.';

/** Seconds of audio as a library reads them back from the bytes; pcm has no header, so its size says. */
async function durationOf(audio: Uint8Array, mimeType: string): Promise<number> {
  if (mimeType.startsWith('audio/pcm')) {
    // Raw samples: check they carry sound, not silence, as no library reads a headerless file back.
    const samples = new Int16Array(new Uint8Array(audio).buffer);
    const rms = Math.sqrt(samples.reduce((sum, sample) => sum + sample * sample, 0) / samples.length);
    assert.ok(rms > 300, `pcm is speech, not silence (RMS ${rms.toFixed(0)})`);
    return samples.length / 24_000;
  }
  const { format } = await parseBuffer(audio, { mimeType: mimeType.split(';')[0] }, { duration: true });
  assert.ok(format.hasAudio, `${mimeType} carries audio`);
  return format.duration ?? Number.NaN;
}

/** The speech programs this process has running: a disconnect must leave none behind. */
function speechChildren(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).trim();
  return out ? out.split('\n').filter((line) => line.includes('--input-type=module')) : [];
}

describe('speech: /v1/audio/speech, /lollms/v1/audio/speech, /v1/text-to-speech, voices', () => {
  let server: TestServer;
  let client: OpenAI;
  const post = async (path: string, body: unknown) => {
    const response = await fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  };
  const errorOf = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8')) as OpenAiError;

  before(async () => {
    server = await startTestServer();
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  let wavSeconds = 0;
  test('the openai client gets each format as audio that decodes, of about the same length', async () => {
    const types = { wav: 'audio/wav', mp3: 'audio/mpeg', opus: 'audio/ogg', flac: 'audio/flac', pcm: 'audio/pcm' };
    // All at once, as clients would: the server runs what its cores allow and queues the rest.
    const seconds = await Promise.all(
      (Object.entries(types) as Array<[keyof typeof types, string]>).map(async ([format, type]) => {
        const response = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: sentence, response_format: format });
        const mimeType = response.headers.get('content-type') ?? '';
        assert.ok(mimeType.startsWith(type), `${format} answers ${type}, not ${mimeType}`);
        return [format, await durationOf(new Uint8Array(await response.arrayBuffer()), mimeType)] as const;
      }),
    );
    wavSeconds = seconds[0]![1];
    for (const [format, duration] of seconds) {
      // About 3.5 s at espeak's 175 words a minute; each encoding keeps it within a frame or two.
      assert.ok(duration > 2 && duration < 8, `${format}: ${duration} s`);
      assert.ok(Math.abs(duration - wavSeconds) < 0.25, `${format}: ${duration} s against wav's ${wavSeconds} s`);
    }
  });

  test('speed changes the duration; aac and sse are refused naming what works', async () => {
    const fast = await client.audio.speech.create({ model: 'tts-1', voice: 'alloy', input: sentence, response_format: 'wav', speed: 2 });
    const fastSeconds = await durationOf(new Uint8Array(await fast.arrayBuffer()), 'audio/wav');
    assert.ok(fastSeconds < wavSeconds * 0.7, `speed 2: ${fastSeconds} s against ${wavSeconds} s`);

    const aac = await post('/v1/audio/speech', { model: 'tts-1', voice: 'alloy', input: 'x', response_format: 'aac' });
    assert.equal(aac.response.status, 400);
    assert.equal(errorOf(aac.bytes).error.param, 'response_format');
    assert.match(errorOf(aac.bytes).error.message, /mp3, opus, flac, wav, pcm/);
    const sse = await post('/v1/audio/speech', { model: 'tts-1', voice: 'alloy', input: 'x', stream_format: 'sse' });
    assert.equal(sse.response.status, 400);
    assert.equal(errorOf(sse.bytes).error.param, 'stream_format');
  });

  test('unknown voices, variants and too-long input are 400s in OpenAI shape', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ model: 'tts-1', voice: 'darth', input: 'x' }, 'voice', /Unknown voice 'darth'/],
      [{ model: 'tts-1', voice: 'en-us+nosuch', input: 'x' }, 'voice', /variant 'nosuch'/],
      [{ model: 'tts-1', voice: 'alloy', input: 'a'.repeat(maxSpeechInputChars + 1) }, 'input', /at most 4096/],
      [{ model: 'tts-1', voice: 'alloy', input: 'x', speed: 5 }, 'speed', /./],
      [{ model: 'tts-1', input: 'x' }, 'voice', /./],
    ];
    for (const [body, param, message] of cases) {
      const { response, bytes } = await post('/v1/audio/speech', body);
      assert.equal(response.status, 400, JSON.stringify(body).slice(0, 80));
      const { error } = errorOf(bytes);
      assert.equal(error.type, 'invalid_request_error');
      assert.equal(error.param, param);
      assert.match(error.message, message);
    }
    await assert.rejects(client.audio.speech.create({ model: 'tts-1', voice: 'darth', input: 'x' }), (error: unknown) => error instanceof OpenAI.BadRequestError);
  });

  test('both families list the voices: OpenAI names mapped to local voices, languages, variants', async () => {
    for (const path of ['/v1/audio/voices', '/lollms/v1/audio/voices']) {
      const response = await fetch(`${server.url}${path}`);
      assert.equal(response.status, 200);
      const list = (await response.json()) as SpeechVoicesResponse;
      const ids = new Set(list.voices.map((voice) => voice.id));
      for (const name of ['alloy', 'echo', 'fable', 'onyx', 'nova', 'shimmer', 'ash', 'ballad', 'coral', 'sage', 'verse']) {
        const alias = list.voices.find((voice) => voice.id === name);
        assert.ok(alias?.alias_of, `${name} maps to a local voice`);
        const [voice, variant] = alias.alias_of.split('+');
        assert.ok(ids.has(voice!), `${name}'s ${alias.alias_of} is itself listed`);
        assert.ok(!variant || list.variants.some((known) => known.id === variant), `${name}'s variant ${variant} is listed`);
      }
      const french = list.voices.find((voice) => voice.id === 'fr-fr');
      assert.equal(french?.language, 'fr-fr');
      assert.ok(french?.languages.includes('fr'));
      assert.ok(list.voices.length > 100, `espeak-ng's languages: ${list.voices.length}`);
      assert.ok(list.variants.some((variant) => variant.id === 'f3' && variant.gender === 'female'));
    }
  });

  test('LoLLMs: text and language pick the voice, return_json answers base64, cloning is 501', async () => {
    const french = await post('/lollms/v1/audio/speech', { text: 'Bonjour à tous.', voice: 'nova', language: 'fr', response_format: 'wav' });
    assert.equal(french.response.status, 200);
    assert.equal(french.response.headers.get('x-hearth-voice'), 'fr-fr+f3');
    assert.ok((await durationOf(french.bytes, 'audio/wav')) > 0.5);

    const json = await post('/lollms/v1/audio/speech', { input: 'Hello.', return_json: true });
    const answer = JSON.parse(Buffer.from(json.bytes).toString('utf8')) as { audio: string; format: string; content_type: string };
    assert.equal(answer.format, 'mp3');
    assert.ok((await durationOf(Buffer.from(answer.audio, 'base64'), answer.content_type)) > 0.2);

    const cloning = await post('/lollms/v1/audio/speech', { input: 'Hello.', audio_sample: Buffer.from('RIFF').toString('base64') });
    assert.equal(cloning.response.status, 501);
    assert.equal(errorOf(cloning.bytes).error.type, 'not_supported_error');
    assert.match(errorOf(cloning.bytes).error.message, /binding that clones voices/);

    const language = await post('/lollms/v1/audio/speech', { input: 'Hello.', language: 'tlh-xx-nonesuch' });
    assert.equal(language.response.status, 400);
    assert.equal(errorOf(language.bytes).error.param, 'language');
  });

  test("LocalAI's /v1/text-to-speech/{voice-id} answers WAV in that voice", async () => {
    const spoken = await post('/v1/text-to-speech/en-gb+m3', { input: 'Good evening.' });
    assert.equal(spoken.response.status, 200);
    assert.equal(spoken.response.headers.get('content-type'), 'audio/wav');
    assert.equal(spoken.response.headers.get('x-hearth-voice'), 'en-gb+m3');
    assert.ok((await durationOf(spoken.bytes, 'audio/wav')) > 0.3);
    // The request log names the engine, as it names the model of a chat.
    const logged = server.services.stats.recent(20).find((record) => record.route === '/v1/text-to-speech/en-gb+m3');
    assert.equal(logged?.model, 'espeak-ng');

    const unknown = await post('/v1/text-to-speech/nobody', { input: 'x' });
    assert.equal(unknown.response.status, 400);
    assert.equal(errorOf(unknown.bytes).error.param, 'voice-id');
    const backend = await post('/v1/text-to-speech/alloy', { input: 'x', backend: 'bark' });
    assert.equal(backend.response.status, 400);
    assert.equal(errorOf(backend.bytes).error.param, 'backend');
  });

  test('a client that disconnects stops its speech program', { skip: process.platform !== 'linux' && 'reads child processes with ps' }, async () => {
    const controller = new AbortController();
    const request = fetch(`${server.url}/v1/audio/speech`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'word '.repeat(800), response_format: 'flac' }),
      signal: controller.signal,
    });
    let seen = false;
    for (let tries = 0; tries < 100 && !seen; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen = speechChildren().length > 0;
    }
    assert.ok(seen, 'a speech program started');
    controller.abort();
    await assert.rejects(request);
    // Speaking this text takes espeak-ng about 3 s; a killed program is gone at once.
    const deadline = Date.now() + 1000;
    let left = speechChildren();
    while (left.length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      left = speechChildren();
    }
    assert.deepEqual(left, []);
  });
});

describe('speech behind API keys', () => {
  test('needs a key like every /v1 route', async () => {
    const server = await startTestServer({ settings: { requireApiKeys: true } });
    try {
      const response = await fetch(`${server.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'x' }) });
      assert.equal(response.status, 401);
      assert.equal(((await response.json()) as OpenAiError).error.type, 'authentication_error');
      assert.equal((await fetch(`${server.url}/lollms/v1/audio/voices`)).status, 401);
    } finally {
      await server.close();
    }
  });
});
