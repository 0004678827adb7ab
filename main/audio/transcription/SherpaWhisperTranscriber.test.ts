import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import wavefile from 'wavefile';
import { AbortedError, EngineBusyError } from '../../../common/errors.js';
import { findLocalWhisperModels } from './localWhisperModels.js';
import { SherpaWhisperTranscriber } from './SherpaWhisperTranscriber.js';
import { syntheticWhisperParent } from '../../../test/whisperSynthetic/syntheticWhisper.js';


function toneWav(seconds: number, sampleRate = 16000, channels = 1): Uint8Array {
  const tone = Int16Array.from({ length: sampleRate * seconds }, (_, i) => Math.round(3000 * Math.sin(i / 8)));
  const wav = new wavefile.WaveFile();
  wav.fromScratch(channels, sampleRate, '16', channels === 1 ? tone : [tone, tone]);
  return wav.toBuffer();
}

describe('SherpaWhisperTranscriber on the synthetic model', async () => {
  // test/whisperSynthetic (see its make.py): Whisper's interface without learned weights.
  const [model] = await findLocalWhisperModels(await syntheticWhisperParent());

  test('the fixture is found as a multilingual Whisper model', () => {
    assert.equal(model?.id, 'whisper-synthetic');
    assert.equal(model?.isEnglishOnly, false);
  });

  test('any WAV rate and channel count is read; times follow the audio, not the rate', async () => {
    const result = await new SherpaWhisperTranscriber(model!).transcribe({ audio: toneWav(3, 44100, 2), filename: 'stereo.wav', model: model!.id, task: 'transcribe' });
    assert.equal(result.durationSeconds, 3);
    assert.equal(result.language, 'en');
    assert.deepEqual(result.segments.map((s) => [s.id, s.start, s.end]), [[0, 0, 3]]);
    assert.match(result.text, /^hi( hi)*$/);
  });

  test('requests at once wait their turn, and each gets its own answer', async () => {
    const transcriber = new SherpaWhisperTranscriber(model!);
    const [one, two] = await Promise.all(
      [1, 2].map((seconds) => transcriber.transcribe({ audio: toneWav(seconds), filename: `${seconds}.wav`, model: model!.id, language: 'de', task: 'transcribe' })),
    );
    assert.deepEqual([one!.durationSeconds, two!.durationSeconds], [1, 2]);
    assert.deepEqual([one!.segments[0]?.end, two!.segments[0]?.end], [1, 2]);
    assert.equal(one!.language, 'de', 'the language asked for');
  });

  test('a client that leaves stops the Whisper program', async () => {
    const controller = new AbortController();
    const audio = toneWav(120);
    const run = new SherpaWhisperTranscriber(model!).transcribe({ audio, filename: 'long.wav', model: model!.id, task: 'transcribe' }, controller.signal);
    const started = Date.now();
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(run, (error: unknown) => error instanceof AbortedError);
    // Five windows of audio would take several seconds; the kill ends it at once.
    assert.ok(Date.now() - started < 3000, `${Date.now() - started} ms`);
  });

  test('past 8 requests running or waiting, the next is refused with a 503 at once', async () => {
    const transcriber = new SherpaWhisperTranscriber(model!);
    const controller = new AbortController();
    const audio = toneWav(30);
    const queued = Array.from({ length: 8 }, () => transcriber.transcribe({ audio, filename: 'q.wav', model: model!.id, task: 'transcribe' }, controller.signal));
    await assert.rejects(transcriber.transcribe({ audio, filename: 'ninth.wav', model: model!.id, task: 'transcribe' }), (error: unknown) => error instanceof EngineBusyError && error.status === 503);
    controller.abort();
    const settled = await Promise.allSettled(queued);
    assert.ok(settled.every((r) => r.status === 'rejected' && r.reason instanceof AbortedError));
    // The queue is free again.
    const after = await transcriber.transcribe({ audio: toneWav(1), filename: 'after.wav', model: model!.id, task: 'transcribe' });
    assert.equal(after.durationSeconds, 1);
  });
});
