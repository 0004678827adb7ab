import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import wavefile from 'wavefile';
import { InvalidRequestError } from '../../../common/errors.js';
import { audioContainerOf, decodeWav } from './decodeAudio.js';

/** A WAV file written by wavefile: a 440 Hz tone in the left channel, silence in the right. */
function toneWav(bitDepth: string, sampleRate: number, seconds: number, channels = 2): Uint8Array {
  const frames = Math.round(sampleRate * seconds);
  const tone = Float64Array.from({ length: frames }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
  const wav = new wavefile.WaveFile();
  wav.fromScratch(channels, sampleRate, '32f', channels === 2 ? [tone, new Float64Array(frames)] : [tone]);
  if (bitDepth !== '32f') wav.toBitDepth(bitDepth);
  return wav.toBuffer();
}

describe('decodeWav', () => {
  for (const bitDepth of ['8', '16', '24', '32', '32f', '64']) {
    test(`${bitDepth}-bit stereo becomes mono floats at the file's rate`, () => {
      const decoded = decodeWav(toneWav(bitDepth, 22050, 0.5), 'tone.wav');
      assert.equal(decoded.sampleRate, 22050);
      assert.equal(decoded.samples.length, 11025);
      assert.equal(decoded.durationSeconds, 0.5);
      // The channels are averaged: a 0.5 tone beside silence peaks near 0.25.
      const peak = decoded.samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
      assert.ok(Math.abs(peak - 0.25) < 0.01, `peak ${peak}`);
    });
  }

  test('µ-law and A-law are expanded', () => {
    for (const encode of ['toMuLaw', 'toALaw'] as const) {
      const wav = new wavefile.WaveFile(toneWav('16', 8000, 0.25, 1));
      wav[encode]();
      const decoded = decodeWav(wav.toBuffer(), 'phone.wav');
      assert.equal(decoded.sampleRate, 8000);
      assert.equal(decoded.samples.length, 2000);
      const peak = decoded.samples.reduce((max, s) => Math.max(max, Math.abs(s)), 0);
      assert.ok(Math.abs(peak - 0.5) < 0.02, `${encode}: peak ${peak}`);
    }
  });

  test('other containers are refused with a 400 that names them', () => {
    const cases: [string, Uint8Array][] = [
      ['Ogg', new Uint8Array([0x4f, 0x67, 0x67, 0x53, 0, 2, 0, 0])],
      ['MP3', new Uint8Array([0x49, 0x44, 0x33, 4, 0, 0, 0, 0])],
      ['WebM', new Uint8Array([0x1a, 0x45, 0xdf, 0xa3, 1, 0, 0, 0])],
      ['FLAC', new Uint8Array([0x66, 0x4c, 0x61, 0x43, 0, 0, 0, 34])],
      ['MP4', new Uint8Array([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70, 0x4d, 0x34, 0x41, 0x20])],
    ];
    for (const [name, bytes] of cases) {
      assert.throws(
        () => decodeWav(bytes, 'clip'),
        (error: unknown) => error instanceof InvalidRequestError && error.param === 'file' && error.message.includes(name) && error.message.includes('WAV'),
        name,
      );
    }
    assert.throws(() => decodeWav(new TextEncoder().encode('just some text'), 'notes.txt'), /not audio Hearth recognizes/);
  });

  test('a broken or empty WAV is a 400, not a crash', () => {
    assert.throws(() => decodeWav(new TextEncoder().encode('RIFF\0\0\0\0WAVX'), 'broken.wav'), (error: unknown) => error instanceof InvalidRequestError && error.status === 400);
    const empty = new wavefile.WaveFile();
    empty.fromScratch(1, 16000, '16', []);
    assert.throws(() => decodeWav(empty.toBuffer(), 'empty.wav'), /no audio samples/);
  });

  test('audioContainerOf tells WAV from the rest by its bytes', () => {
    assert.equal(audioContainerOf(toneWav('16', 16000, 0.01)), 'WAV');
    assert.equal(audioContainerOf(new Uint8Array([0xff, 0xfb, 0x90, 0])), 'MP3');
    assert.equal(audioContainerOf(new Uint8Array([1, 2, 3, 4])), null);
  });
});
