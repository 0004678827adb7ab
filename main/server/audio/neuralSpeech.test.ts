import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { parseBuffer } from 'music-metadata';
import OpenAI from 'openai';
import wavefile from 'wavefile';
import type { SpeechVoicesResponse } from '../../../common/api/speech.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { syntheticPiperVoiceDir, syntheticPiperVoiceId, syntheticVoiceDir, syntheticVoiceId } from '../../../test/voiceSynthetic/syntheticVoice.js';

interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

// Every word is in the synthetic voice's lexicon (test/voiceSynthetic/make.py): 25 ms a letter, space or mark.
const sentence = 'Hearth speaks this sentence aloud, offline, through a neural voice.';

async function durationOf(audio: Uint8Array, mimeType: string): Promise<number> {
  if (mimeType.startsWith('audio/pcm')) return audio.byteLength / 2 / 24_000;
  const { format } = await parseBuffer(audio, { mimeType: mimeType.split(';')[0] }, { duration: true });
  assert.ok(format.hasAudio, `${mimeType} carries audio`);
  return format.duration ?? Number.NaN;
}

/** The pitch of a WAV in Hz, from its zero crossings: the synthetic voice's speakers are 220 and 330 Hz sines. */
function pitchOf(wav: Uint8Array): number {
  const file = new wavefile.WaveFile(wav);
  const samples = file.getSamples(false, Float64Array) as unknown as Float64Array;
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 !== samples[i]! < 0) crossings++;
  return crossings / 2 / (samples.length / (file.fmt as { sampleRate: number }).sampleRate);
}

describe('neural voices: a VITS voice folder in the models folder, spoken by sherpa-onnx', () => {
  let server: TestServer;
  let client: OpenAI;
  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  };
  const errorOf = (bytes: Uint8Array) => JSON.parse(Buffer.from(bytes).toString('utf8')) as OpenAiError;
  const listVoices = async (route = '/v1/audio/voices') => {
    const response = await fetch(`${server.url}${route}`);
    assert.equal(response.status, 200);
    return (await response.json()) as SpeechVoicesResponse;
  };

  before(async () => {
    server = await startTestServer();
    await symlink(await syntheticVoiceDir(), path.join(server.modelsDir, syntheticVoiceId));
    client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  });
  after(() => server?.close());

  test('both families list the voice with its speakers; OpenAI names stand for its speakers; espeak-ng stays', async () => {
    for (const route of ['/v1/audio/voices', '/lollms/v1/audio/voices']) {
      const list = await listVoices(route);
      const voice = list.voices.find((known) => known.id === syntheticVoiceId);
      assert.equal(voice?.engine, 'sherpa-onnx');
      assert.deepEqual(voice?.speakers, ['0', '1']);
      assert.equal(voice?.sample_rate, 16000);
      // Two speakers: OpenAI's names take turns between them.
      assert.equal(list.voices.find((known) => known.id === 'alloy')?.alias_of, `${syntheticVoiceId}+0`);
      assert.equal(list.voices.find((known) => known.id === 'ash')?.alias_of, `${syntheticVoiceId}+1`);
      assert.ok(list.voices.some((known) => known.id === 'en-us' && known.engine === 'espeak-ng'));
    }
  });

  let wavSeconds = 0;
  test('the openai client gets each format as audio that decodes, as long as the text says', async () => {
    const types = { wav: 'audio/wav', mp3: 'audio/mpeg', opus: 'audio/ogg', flac: 'audio/flac', pcm: 'audio/pcm' };
    const seconds = await Promise.all(
      (Object.entries(types) as Array<[keyof typeof types, string]>).map(async ([format, type]) => {
        const response = await client.audio.speech.create({ model: 'tts-1', voice: syntheticVoiceId, input: sentence, response_format: format });
        const mimeType = response.headers.get('content-type') ?? '';
        assert.ok(mimeType.startsWith(type), `${format} answers ${type}, not ${mimeType}`);
        assert.equal(response.headers.get('x-hearth-voice'), `${syntheticVoiceId}+0`);
        return [format, await durationOf(new Uint8Array(await response.arrayBuffer()), mimeType)] as const;
      }),
    );
    wavSeconds = seconds[0]![1];
    // 67 characters, one token each at 25 ms, less the dropped spaces around marks.
    assert.ok(wavSeconds > 1.4 && wavSeconds < 1.8, `wav: ${wavSeconds} s`);
    for (const [format, duration] of seconds) assert.ok(Math.abs(duration - wavSeconds) < 0.1, `${format}: ${duration} s against wav's ${wavSeconds} s`);
  });

  test('speed scales the duration; speakers, named by number, sound apart', async () => {
    const fast = await post('/v1/audio/speech', { model: 'tts-1', voice: syntheticVoiceId, input: sentence, response_format: 'wav', speed: 2 });
    const fastSeconds = await durationOf(fast.bytes, 'audio/wav');
    assert.ok(Math.abs(fastSeconds - wavSeconds / 2) < 0.05, `speed 2: ${fastSeconds} s against ${wavSeconds} s`);

    const first = await post('/v1/audio/speech', { model: 'tts-1', voice: syntheticVoiceId, input: 'Hello world.', response_format: 'wav' });
    const second = await post('/v1/audio/speech', { model: 'tts-1', voice: `${syntheticVoiceId}+1`, input: 'Hello world.', response_format: 'wav' });
    assert.equal(second.response.headers.get('x-hearth-voice'), `${syntheticVoiceId}+1`);
    assert.ok(Math.abs(pitchOf(first.bytes) - 220) < 10, `speaker 0: ${pitchOf(first.bytes)} Hz`);
    assert.ok(Math.abs(pitchOf(second.bytes) - 330) < 10, `speaker 1: ${pitchOf(second.bytes)} Hz`);
  });

  test("OpenAI's names speak with the neural voice; espeak-ng's voices, variants and languages still speak with espeak-ng", async () => {
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['/v1/audio/speech', { model: 'tts-1', voice: 'alloy', input: 'Hello world.', response_format: 'wav' }, `${syntheticVoiceId}+0`],
      ['/v1/audio/speech', { model: 'tts-1', voice: 'Ash', input: 'Hello world.', response_format: 'wav' }, `${syntheticVoiceId}+1`],
      ['/v1/audio/speech', { model: 'tts-1', voice: 'nova+f3', input: 'Hello world.', response_format: 'wav' }, 'en-us+f3'],
      ['/v1/audio/speech', { model: 'tts-1', voice: 'en-gb', input: 'Hello world.', response_format: 'wav' }, 'en-gb'],
      ['/lollms/v1/audio/speech', { input: 'Hello world.', response_format: 'wav' }, `${syntheticVoiceId}+0`],
      // The synthetic voice doesn't say its language (no Piper config), so a language asked for goes to espeak-ng.
      ['/lollms/v1/audio/speech', { input: 'Bonjour.', voice: 'nova', language: 'fr', response_format: 'wav' }, 'fr-fr+f3'],
      ['/v1/text-to-speech/vits-synthetic+1', { input: 'Good evening.', backend: 'piper' }, `${syntheticVoiceId}+1`],
    ];
    for (const [route, body, spoken] of cases) {
      const { response, bytes } = await post(route, body);
      assert.equal(response.status, 200, `${route} ${JSON.stringify(body)}: ${Buffer.from(bytes).toString('utf8').slice(0, 200)}`);
      assert.equal(response.headers.get('x-hearth-voice'), spoken, JSON.stringify(body));
      assert.ok((await durationOf(bytes, 'audio/wav')) > 0.2);
    }
    const logged = server.services.stats.recent(20).find((record) => record.route === '/v1/text-to-speech/vits-synthetic+1');
    assert.equal(logged?.model, 'sherpa-onnx');
  });

  test('unknown voices and speakers are 400s; text the voice cannot say is a 400 on input', async () => {
    const cases: Array<[unknown, string, RegExp]> = [
      [{ model: 'tts-1', voice: 'darth', input: 'x' }, 'voice', /Unknown voice 'darth'/],
      [{ model: 'tts-1', voice: `${syntheticVoiceId}+7`, input: 'Hello.' }, 'voice', /Unknown speaker '7'.*numbered 0–1/],
      [{ model: 'tts-1', voice: syntheticVoiceId, input: 'Zzz qqq xyzzy' }, 'input', /found nothing it can pronounce.*lexicon\.txt/],
    ];
    for (const [body, param, message] of cases) {
      const { response, bytes } = await post('/v1/audio/speech', body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(errorOf(bytes).error.param, param);
      assert.match(errorOf(bytes).error.message, message);
    }
  });

  test('a broken voice folder, added while running, is listed with its error and answers 422 in words; the rest still speaks', async () => {
    const broken = path.join(server.modelsDir, 'vits-broken');
    await mkdir(broken);
    await writeFile(path.join(broken, 'model.onnx'), 'not an onnx model');
    await writeFile(path.join(broken, 'tokens.txt'), ' 0\na 1\n');
    await writeFile(path.join(broken, 'lexicon.txt'), 'a a\n');

    const listed = (await listVoices()).voices.find((voice) => voice.id === 'vits-broken');
    assert.equal(listed?.engine, 'sherpa-onnx');
    assert.match(listed?.error ?? '', /cannot be loaded/);
    // A voice that can't load never stands in for OpenAI's names.
    assert.equal((await listVoices()).voices.find((voice) => voice.id === 'alloy')?.alias_of, `${syntheticVoiceId}+0`);

    for (const [route, body, param] of [
      ['/v1/audio/speech', { model: 'tts-1', voice: 'vits-broken', input: 'a' }, 'voice'],
      ['/v1/text-to-speech/vits-broken', { input: 'a' }, 'voice-id'],
    ] as const) {
      const { response, bytes } = await post(route, body);
      assert.equal(response.status, 422);
      const { error } = errorOf(bytes);
      assert.equal(error.code, 'model_unreadable');
      assert.equal(error.param, param);
      assert.match(error.message, /The voice 'vits-broken' cannot be loaded: sherpa-onnx could not use its files \(.+\)/);
      // sherpa-onnx's own reason, naming the file but not where the models folder is.
      assert.match(error.message, /model\.onnx/);
      assert.ok(!error.message.includes(server.modelsDir), error.message);
    }
    const after = await post('/v1/audio/speech', { model: 'tts-1', voice: 'alloy', input: 'Hello world.', response_format: 'wav' });
    assert.equal(after.response.status, 200);
  });
});

describe("neural voices in Piper's layout: espeak-ng-data/ and the voice's .onnx.json", () => {
  let server: TestServer;
  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${server.url}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return { response, bytes: new Uint8Array(await response.arrayBuffer()) };
  };

  before(async () => {
    server = await startTestServer();
    await symlink(await syntheticPiperVoiceDir(), path.join(server.modelsDir, syntheticPiperVoiceId));
  });
  after(() => server?.close());

  test("the listing shows the config's language and speaker names", async () => {
    const list = (await (await fetch(`${server.url}/v1/audio/voices`)).json()) as SpeechVoicesResponse;
    const voice = list.voices.find((known) => known.id === syntheticPiperVoiceId);
    assert.deepEqual(
      { name: voice?.name, language: voice?.language, languages: voice?.languages, speakers: voice?.speakers },
      { name: 'synthetic (English, Piper)', language: 'en-us', languages: ['en-us', 'en'], speakers: ['alba', 'bryn'] },
    );
    assert.equal(list.voices.find((known) => known.id === 'echo')?.alias_of, `${syntheticPiperVoiceId}+alba`);
  });

  test('espeak-ng phonemizes any words; speakers by name; a language the voice speaks keeps it, another goes to espeak-ng', async () => {
    const normal = await post('/v1/audio/speech', { model: 'tts-1', voice: `${syntheticPiperVoiceId}+Bryn`, input: 'Xylophones quietly hum 42 tunes.', response_format: 'wav' });
    assert.equal(normal.response.status, 200);
    assert.equal(normal.response.headers.get('x-hearth-voice'), `${syntheticPiperVoiceId}+bryn`);
    assert.ok(Math.abs(pitchOf(normal.bytes) - 330) < 10, `bryn: ${pitchOf(normal.bytes)} Hz`);
    const slow = await post('/v1/audio/speech', { model: 'tts-1', voice: `${syntheticPiperVoiceId}+bryn`, input: 'Xylophones quietly hum 42 tunes.', response_format: 'wav', speed: 0.5 });
    const [normalSeconds, slowSeconds] = [await durationOf(normal.bytes, 'audio/wav'), await durationOf(slow.bytes, 'audio/wav')];
    assert.ok(normalSeconds > 1 && Math.abs(slowSeconds - 2 * normalSeconds) < 0.05, `${normalSeconds} s, at half speed ${slowSeconds} s`);

    const english = await post('/lollms/v1/audio/speech', { input: 'Hello.', voice: 'alloy', language: 'en', response_format: 'wav' });
    assert.equal(english.response.headers.get('x-hearth-voice'), `${syntheticPiperVoiceId}+alba`);
    const french = await post('/lollms/v1/audio/speech', { input: 'Bonjour.', voice: 'alloy', language: 'fr', response_format: 'wav' });
    assert.equal(french.response.headers.get('x-hearth-voice'), 'fr-fr');
  });
});
