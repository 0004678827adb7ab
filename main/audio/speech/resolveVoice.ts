import { InvalidRequestError } from '../../../common/errors.js';
import type { LocalVariant, LocalVoice } from './espeakVoices.js';
import { openAiVoiceAliases } from './openAiVoices.js';

/** What espeak-ng offers, read once (SpeechService). */
export interface VoiceCatalog {
  voices: LocalVoice[];
  variants: LocalVariant[];
}

/** What a request says about the voice. */
export interface VoiceChoice {
  /** A voice id (`en-us`), OpenAI's name (`nova`), either with `+variant` (`fr-fr+f3`); none picks alloy's. */
  voice?: string | null;
  /** A language tag (`fr`, `pt-BR`): picks that language's voice for OpenAI's names (and none), keeping their variant. */
  language?: string | null;
  /** The request field that named the voice, for a 400's `param`; `voice` by default. */
  voiceParam?: string;
}

/** The voice and variant a request names, or a 400 naming the field that was wrong. */
export function resolveVoice(catalog: VoiceCatalog, request: VoiceChoice): { voice: LocalVoice; variant?: LocalVariant } {
  const voiceParam = request.voiceParam ?? 'voice';
  const [voiceName = '', variantName] = (request.voice ?? '').trim().toLowerCase().split('+', 2);
  const alias = openAiVoiceAliases.find((candidate) => candidate.id === (voiceName || 'alloy'));
  const find = (wanted: string) => catalog.voices.find((candidate) => candidate.id === wanted) ?? catalog.voices.find((candidate) => candidate.name.toLowerCase() === wanted);
  // A local voice named outright speaks as named; OpenAI's names (and no name) follow `language` when given.
  const voice = alias ? (request.language ? voiceForLanguage(catalog, request.language, find(alias.voice)) : find(alias.voice)) : find(voiceName);
  if (!voice) {
    throw new InvalidRequestError(`Unknown voice '${request.voice}'. Use one of OpenAI's names (${openAiVoiceAliases.map((known) => known.id).join(', ')}) or a voice listed by GET /v1/audio/voices.`, {
      param: voiceParam,
      code: 'invalid_value',
    });
  }
  const variantId = variantName ?? alias?.variant;
  if (!variantId) return { voice };
  const variant = catalog.variants.find((candidate) => candidate.id === variantId);
  if (!variant) {
    throw new InvalidRequestError(`Unknown voice variant '${variantId}' in '${request.voice}'. GET /v1/audio/voices lists the variants (e.g. f3, m3).`, { param: voiceParam, code: 'invalid_value' });
  }
  return { voice, variant };
}

/**
 * The voice for a language tag, trying `pt-br`, then `pt`: `preferred` when it speaks it (so LoLLMs'
 * default `en` keeps alloy's American voice), else the one espeak-ng ranks first for it.
 */
function voiceForLanguage(catalog: VoiceCatalog, language: string, preferred?: LocalVoice): LocalVoice {
  const tag = language.trim().toLowerCase().replaceAll('_', '-');
  for (const candidate of [tag, tag.split('-')[0]!]) {
    if (preferred?.languagePriorities.has(candidate)) return preferred;
    let best: LocalVoice | undefined;
    let bestPriority = Infinity;
    for (const voice of catalog.voices) {
      const priority = voice.languagePriorities.get(candidate);
      if (priority !== undefined && priority < bestPriority) [best, bestPriority] = [voice, priority];
    }
    if (best) return best;
  }
  throw new InvalidRequestError(`No voice speaks the language '${language}'. GET /v1/audio/voices lists each voice's languages.`, { param: 'language', code: 'invalid_value' });
}
