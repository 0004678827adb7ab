import { test } from 'node:test';
import assert from 'node:assert/strict';
// Node loads wavefile's CommonJS build, which has no named exports.
import wavefile from 'wavefile';
import { HearthError } from '../../errors.js';
import { startTestServer } from '../../../test/startServer.js';
import { ipcCalls, type IpcCallContext, type IpcCallName, type IpcOutput } from '../contract.js';
import { createHttpCalls } from '../httpCalls.js';

const none: IpcCallContext = { emit: () => {} };

/** The audio calls as the renderer makes them, against the real server: input and answer checked by the contract. */
test('audio:speak, audio:voices and audio:transcribe over the real server', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  const handlers = createHttpCalls({ baseUrl: () => server.url, apiKey: () => null });
  const call = async <N extends IpcCallName>(name: N, input: unknown): Promise<IpcOutput<N>> => {
    const handler = handlers[name] as (input: unknown, context: IpcCallContext) => Promise<unknown>;
    return ipcCalls[name].output.parse(await handler(ipcCalls[name].input.parse(input), none)) as IpcOutput<N>;
  };

  await t.test('speak: real MP3 bytes in the voice asked for', async () => {
    const { audio, mimeType } = await call('audio:speak', { text: 'Hello from Hearth.', voice: 'nova' });
    assert.equal(mimeType, 'audio/mpeg');
    assert.ok(audio instanceof Uint8Array && audio.byteLength > 1000, `${audio.byteLength} bytes`);
    const id3 = audio[0] === 0x49 && audio[1] === 0x44 && audio[2] === 0x33;
    const frameSync = audio[0] === 0xff && (audio[1]! & 0xe0) === 0xe0;
    assert.ok(id3 || frameSync, 'an MP3 stream');
    const wav = await call('audio:speak', { text: 'Hello.', format: 'wav' });
    assert.equal(wav.mimeType, 'audio/wav');
    assert.equal(new TextDecoder().decode(wav.audio.subarray(0, 4)), 'RIFF');
  });

  await t.test('speak: an unknown voice is refused with the server’s 400', async () => {
    await assert.rejects(call('audio:speak', { text: 'Hi', voice: 'no-such-voice' }), (error) => error instanceof HearthError && error.status === 400);
  });

  await t.test('voices: OpenAI names with the local voice each stands for', async () => {
    const voices = await call('audio:voices', {});
    const nova = voices.find((voice) => voice.id === 'nova');
    assert.ok(nova?.aliasOf, JSON.stringify(voices.slice(0, 3)));
    assert.ok(voices.some((voice) => !voice.aliasOf && voice.language), 'the engine’s own voices too');
  });

  await t.test('transcribe: with no Whisper and no binding, the 404 names what to get', async () => {
    const wav = new wavefile.WaveFile();
    wav.fromScratch(1, 16_000, '16', new Int16Array(16_000));
    await assert.rejects(call('audio:transcribe', { audio: wav.toBuffer(), filename: 'dictation.wav', mimeType: 'audio/wav' }), (error) => {
      assert.ok(error instanceof HearthError && error.status === 404, String(error));
      assert.match(error.message, /Whisper/);
      assert.match(error.message, /binding/);
      return true;
    });
  });

  await t.test('transcribe: an empty recording never leaves the client', async () => {
    assert.throws(() => ipcCalls['audio:transcribe'].input.parse({ audio: new Uint8Array(0), filename: 'a.wav', mimeType: 'audio/wav' }), /empty/);
    assert.throws(() => ipcCalls['audio:transcribe'].input.parse({ audio: 'not bytes', filename: 'a.wav', mimeType: 'audio/wav' }), /audio bytes/);
  });
});
