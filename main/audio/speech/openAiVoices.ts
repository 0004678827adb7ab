/**
 * OpenAI's voice names, each spoken by an espeak-ng voice and variant so clients written for OpenAI work
 * unchanged. The pairing is by the character OpenAI gives each (fable's British narrator, onyx's deep
 * voice, nova and shimmer's female ones); espeak-ng only approximates it. A request's `language` keeps
 * the variant and swaps the voice for that language's.
 */
export interface OpenAiVoiceAlias {
  id: string;
  name: string;
  /** The local voice's id (espeakVoices.ts). */
  voice: string;
  /** The variant's id, or none for the voice as it is. */
  variant?: string;
}

export const openAiVoiceAliases: readonly OpenAiVoiceAlias[] = [
  { id: 'alloy', name: 'Alloy', voice: 'en-us' },
  { id: 'ash', name: 'Ash', voice: 'en-us', variant: 'm3' },
  { id: 'ballad', name: 'Ballad', voice: 'en-gb-x-rp', variant: 'm5' },
  { id: 'coral', name: 'Coral', voice: 'en-us', variant: 'f2' },
  { id: 'echo', name: 'Echo', voice: 'en-us', variant: 'm2' },
  { id: 'fable', name: 'Fable', voice: 'en-gb', variant: 'm1' },
  { id: 'nova', name: 'Nova', voice: 'en-us', variant: 'f3' },
  { id: 'onyx', name: 'Onyx', voice: 'en-us', variant: 'm7' },
  { id: 'sage', name: 'Sage', voice: 'en-us', variant: 'f5' },
  { id: 'shimmer', name: 'Shimmer', voice: 'en-us', variant: 'f4' },
  { id: 'verse', name: 'Verse', voice: 'en-us', variant: 'm4' },
];
