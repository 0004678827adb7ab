import subtitle, { type NodeList } from 'subtitle';
import type { TranscriptionResult } from '../transcriber.js';

/** The `response_format`s of OpenAI's /v1/audio/transcriptions and /translations (its `diarized_json` needs speakers Hearth can't tell apart). */
export const transcriptionResponseFormats = ['json', 'text', 'srt', 'verbose_json', 'vtt'] as const;
export type TranscriptionResponseFormat = (typeof transcriptionResponseFormats)[number];

/** A formatted answer: a JSON body, or text with its media type. */
export type FormattedTranscription = { kind: 'json'; body: unknown } | { kind: 'text'; body: string; contentType: string };

/** OpenAI answers text, srt and vtt alike as plain text; clients tell them apart by what they asked for. */
const plainText = 'text/plain; charset=utf-8';

const englishNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * OpenAI's verbose_json names the language in lower-case English ("english"), as Whisper's own output does;
 * engines give an ISO code ("en") or Whisper's token ("<|en|>").
 */
export function languageName(language: string | undefined): string {
  const code = (language ?? '').replace(/^<\|(.*)\|>$/, '$1').trim();
  if (!code) return 'unknown';
  if (!/^[a-z]{2,3}(-[a-z0-9]+)?$/i.test(code)) return code.toLowerCase();
  try {
    return (englishNames.of(code) ?? code).toLowerCase();
  } catch {
    return code.toLowerCase();
  }
}

/** The audio's length: the engine's when it knows it, else where the last segment ends. */
function durationOf(result: TranscriptionResult): number {
  return result.durationSeconds ?? result.segments.reduce((end, segment) => Math.max(end, segment.end), 0);
}

/** Subtitle cues in milliseconds, as the subtitle library takes them; segments without text make no cue. */
function cues(result: TranscriptionResult): NodeList {
  return result.segments
    .filter((segment) => segment.text.trim() !== '')
    .map((segment) => ({ type: 'cue' as const, data: { start: Math.round(segment.start * 1000), end: Math.round(segment.end * 1000), text: segment.text.trim() } }));
}

/**
 * Writes a transcription as OpenAI answers it in each `response_format`. Fields a Whisper run reports but
 * Hearth's engines don't (token ids, log-probabilities, compression ratio) carry neutral values, so clients
 * that read them still parse the answer.
 */
export function formatTranscription(result: TranscriptionResult, format: TranscriptionResponseFormat, options: { task?: 'transcribe' | 'translate'; temperature?: number } = {}): FormattedTranscription {
  switch (format) {
    case 'json':
      return { kind: 'json', body: { text: result.text } };
    case 'text':
      // OpenAI ends the text answer with a newline, as curl users see it.
      return { kind: 'text', body: `${result.text}\n`, contentType: plainText };
    case 'srt':
      return { kind: 'text', body: subtitle.stringifySync(cues(result), { format: 'SRT' }), contentType: plainText };
    case 'vtt':
      // The library writes nothing for no cues, but a WebVTT file without its header is not one.
      return { kind: 'text', body: subtitle.stringifySync(cues(result), { format: 'WebVTT' }) || 'WEBVTT\n', contentType: plainText };
    case 'verbose_json': {
      const duration = durationOf(result);
      return {
        kind: 'json',
        body: {
          task: options.task ?? 'transcribe',
          language: languageName(result.language),
          duration,
          text: result.text,
          segments: result.segments.map((segment) => ({
            id: segment.id,
            seek: Math.round(segment.start * 100),
            start: segment.start,
            end: segment.end,
            text: segment.text,
            tokens: [],
            temperature: options.temperature ?? 0,
            avg_logprob: 0,
            compression_ratio: 1,
            no_speech_prob: 0,
          })),
          usage: { type: 'duration', seconds: Math.ceil(duration) },
        },
      };
    }
  }
}
