import type { SpeechVoiceInfo } from '../../../common/api/speech.js';
import { InvalidRequestError } from '../../../common/errors.js';
import type { NeuralVoice } from './NeuralVoices.js';
import { openAiVoiceAliases } from './openAiVoices.js';
import type { VoiceChoice } from './resolveVoice.js';
import { UnreadableVoiceError } from './runVitsProgram.js';

/** A neural voice and one of its speakers (0 for a single-speaker voice). */
export interface NeuralPick {
  voice: NeuralVoice;
  sid: number;
}

/** How a pick is named in `alias_of` and X-Hearth-Voice: the voice, `+speaker` when it has several. */
export function pickName({ voice, sid }: NeuralPick): string {
  return voice.speakers.length > 0 ? `${voice.model.id}+${voice.speakers[sid]}` : voice.model.id;
}

/**
 * What OpenAI's names stand for when neural voices are there: each working voice's first speaker, then
 * each one's second…, so a few voices (or one with many speakers) give OpenAI's names different voices.
 * With a `language`, only voices known to speak it (its tag, then its primary subtag) count.
 */
export function aliasSlots(voices: readonly NeuralVoice[], language?: string | null): NeuralPick[] {
  let usable = voices.filter((voice) => !voice.error);
  if (language) {
    const tag = language.trim().toLowerCase().replaceAll('_', '-');
    const primary = tag.split('-')[0]!;
    const exact = usable.filter((voice) => voice.language === tag);
    usable = exact.length > 0 ? exact : usable.filter((voice) => voice.language?.split('-')[0] === primary);
  }
  const slots: NeuralPick[] = [];
  const most = Math.max(0, ...usable.map((voice) => Math.max(1, voice.speakers.length)));
  for (let sid = 0; sid < most && slots.length < openAiVoiceAliases.length; sid++) {
    for (const voice of usable) if (sid < Math.max(1, voice.speakers.length) && slots.length < openAiVoiceAliases.length) slots.push({ voice, sid });
  }
  return slots;
}

/**
 * The neural voice a request names, or null to leave it to espeak-ng: a voice folder's id (with `+speaker`,
 * a name or a number), or OpenAI's name (or none) while a working neural voice speaks the request's language.
 * `alias+variant` stays espeak-ng's syntax. A voice that can't load is a 422; an unknown speaker a 400.
 */
export function resolveNeuralVoice(voices: readonly NeuralVoice[], request: VoiceChoice): NeuralPick | null {
  const voiceParam = request.voiceParam ?? 'voice';
  const [name = '', speaker] = (request.voice ?? '').trim().toLowerCase().split('+', 2);
  const named = voices.find((voice) => voice.model.id.toLowerCase() === name);
  if (named) {
    if (named.failure) throw named.failure;
    if (named.error) throw new UnreadableVoiceError(named.model.id, named.error, voiceParam);
    return { voice: named, sid: speaker === undefined ? 0 : speakerId(named, speaker, request.voice!, voiceParam) };
  }
  const alias = openAiVoiceAliases.findIndex((candidate) => candidate.id === (name || 'alloy'));
  if (alias < 0 || speaker !== undefined) return null;
  const slots = aliasSlots(voices, request.language);
  return slots.length > 0 ? slots[alias % slots.length]! : null;
}

function speakerId(voice: NeuralVoice, speaker: string, asked: string, voiceParam: string): number {
  const byName = voice.speakers.findIndex((known) => known.toLowerCase() === speaker);
  if (byName >= 0) return byName;
  if (/^\d+$/.test(speaker) && Number(speaker) < voice.speakers.length) return Number(speaker);
  const which = voice.speakers.length > 0 ? `its speakers are numbered 0–${voice.speakers.length - 1} and named in GET /v1/audio/voices` : 'it has a single speaker';
  throw new InvalidRequestError(`Unknown speaker '${speaker}' in '${asked}': ${which}.`, { param: voiceParam, code: 'invalid_value' });
}

/** The listing's entries for the neural voices; `und` (undetermined, BCP 47) where a folder doesn't say. */
export function neuralVoiceInfos(voices: readonly NeuralVoice[]): SpeechVoiceInfo[] {
  return voices.map((voice) => {
    const { piper } = voice.model;
    const language = voice.language ?? 'und';
    const described = piper?.dataset && piper.language?.name_english ? `${piper.dataset} (${piper.language.name_english}, Piper)` : voice.model.id;
    return {
      id: voice.model.id,
      name: described,
      language,
      languages: voice.language ? [...new Set([language, language.split('-')[0]!])] : [],
      engine: 'sherpa-onnx' as const,
      ...(voice.speakers.length > 0 ? { speakers: voice.speakers } : {}),
      ...(voice.sampleRate ? { sample_rate: voice.sampleRate } : {}),
      ...(voice.error ? { error: voice.failure ? voice.error : new UnreadableVoiceError(voice.model.id, voice.error).message } : {}),
    };
  });
}

/** OpenAI's names as the listing shows them while neural voices stand in for them. */
export function neuralAliasInfos(slots: readonly NeuralPick[]): SpeechVoiceInfo[] {
  if (slots.length === 0) return [];
  return openAiVoiceAliases.map((alias, index) => {
    const pick = slots[index % slots.length]!;
    const language = pick.voice.language ?? 'und';
    return {
      id: alias.id,
      name: alias.name,
      language,
      languages: pick.voice.language ? [...new Set([language, language.split('-')[0]!])] : [],
      engine: 'sherpa-onnx' as const,
      alias_of: pickName(pick),
    };
  });
}
