import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { TranscriptionResult } from '../transcriber.js';
import { formatTranscription, languageName } from './formatTranscription.js';

const result: TranscriptionResult = {
  text: 'Hello there. General Kenobi.',
  language: 'en',
  durationSeconds: 3725.5,
  segments: [
    { id: 0, start: 0, end: 1.2345, text: ' Hello there.' },
    { id: 1, start: 1.5, end: 2, text: '   ' },
    { id: 2, start: 3661.007, end: 3725.5, text: ' General Kenobi.' },
  ],
};

describe('formatTranscription', () => {
  test('json is the text alone, text ends with a newline', () => {
    assert.deepEqual(formatTranscription(result, 'json'), { kind: 'json', body: { text: result.text } });
    const text = formatTranscription(result, 'text');
    assert.equal(text.kind, 'text');
    assert.equal(text.body, `${result.text}\n`);
  });

  test('srt numbers the cues, times them hh:mm:ss,mmm and leaves out segments without words', () => {
    const srt = formatTranscription(result, 'srt');
    assert.equal(srt.kind, 'text');
    assert.equal(srt.body, '1\n00:00:00,000 --> 00:00:01,235\nHello there.\n\n2\n01:01:01,007 --> 01:02:05,500\nGeneral Kenobi.\n');
  });

  test('vtt starts with WEBVTT and times cues hh:mm:ss.mmm', () => {
    const vtt = formatTranscription(result, 'vtt');
    assert.equal(vtt.kind, 'text');
    assert.match(vtt.body as string, /^WEBVTT\n\n/);
    assert.match(vtt.body as string, /\n00:00:00\.000 --> 00:00:01\.235\nHello there\.\n/);
    assert.match(vtt.body as string, /\n01:01:01\.007 --> 01:02:05\.500\nGeneral Kenobi\.\n$/);
  });

  test("verbose_json has OpenAI's fields: task, language by name, duration, segments, usage in whole seconds", () => {
    const verbose = formatTranscription(result, 'verbose_json', { task: 'translate', temperature: 0.2 });
    assert.equal(verbose.kind, 'json');
    const body = verbose.body as Record<string, unknown> & { segments: Record<string, unknown>[] };
    assert.equal(body.task, 'translate');
    assert.equal(body.language, 'english');
    assert.equal(body.duration, 3725.5);
    assert.equal(body.text, result.text);
    assert.deepEqual(body.usage, { type: 'duration', seconds: 3726 });
    assert.equal(body.segments.length, 3);
    assert.deepEqual(body.segments[2], {
      id: 2,
      seek: 366101,
      start: 3661.007,
      end: 3725.5,
      text: ' General Kenobi.',
      tokens: [],
      temperature: 0.2,
      avg_logprob: 0,
      compression_ratio: 1,
      no_speech_prob: 0,
    });
  });

  test('verbose_json without a known duration ends where the last segment does', () => {
    const verbose = formatTranscription({ text: 'a', segments: [{ id: 0, start: 0, end: 4.25, text: 'a' }] }, 'verbose_json');
    assert.equal((verbose.body as { duration: number }).duration, 4.25);
    assert.equal((verbose.body as { language: string }).language, 'unknown');
  });

  test('no segments give an empty subtitle file, not a broken one', () => {
    assert.equal(formatTranscription({ text: '', segments: [] }, 'srt').body, '');
    assert.match(formatTranscription({ text: '', segments: [] }, 'vtt').body as string, /^WEBVTT\s*$/);
  });
});

describe('languageName', () => {
  test('ISO codes and Whisper tokens become lower-case English names', () => {
    assert.equal(languageName('en'), 'english');
    assert.equal(languageName('<|de|>'), 'german');
    assert.equal(languageName('FR'), 'french');
    assert.equal(languageName('english'), 'english');
    assert.equal(languageName(undefined), 'unknown');
  });
});
