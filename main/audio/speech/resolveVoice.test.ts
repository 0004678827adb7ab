import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidRequestError } from '../../../common/errors.js';
import { parseEspeakVoiceTable, toLocalVariants, toLocalVoices } from './espeakVoices.js';
import { resolveVoice, type VoiceChoice } from './resolveVoice.js';

// A slice of espeak-ng's own tables, as it prints them.
const catalog = {
  voices: toLocalVoices(
    parseEspeakVoiceTable(` 2  en-gb           --/M      English_(Great_Britain) gmw/en               (en 2)
 5  en-gb-x-rp      --/M      English_(Received_Pronunciation) gmw/en-GB-x-rp       (en-gb 4)(en 5)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  fr-fr           --/M      French_(France)    roa/fr               (fr 5)
 5  fr-be           --/M      French_(Belgium)   roa/fr-BE            (fr 8)
 5  pt              --/M      Portuguese_(Portugal) roa/pt               (pt-pt 5)
 5  pt-br           --/M      Portuguese_(Brazil) roa/pt-BR            (pt 6)`),
  ),
  variants: toLocalVariants(parseEspeakVoiceTable(` 5  variant         --/F      female3            !v/f3
 5  variant         --/M      male3              !v/m3
 5  variant         --/F      female4            !v/f4`)),
};
const spoken = (choice: VoiceChoice) => {
  const { voice, variant } = resolveVoice(catalog, choice);
  return variant ? `${voice.id}+${variant.id}` : voice.id;
};

test("OpenAI's names map to their local voice and variant; none is alloy's", () => {
  assert.equal(spoken({ voice: 'nova' }), 'en-us+f3');
  assert.equal(spoken({ voice: 'Shimmer' }), 'en-us+f4');
  assert.equal(spoken({ voice: 'ballad+f3' }), 'en-gb-x-rp+f3');
  assert.equal(spoken({}), 'en-us');
});

test('a language swaps the voice of an OpenAI name, keeps one that speaks it, and leaves a named voice alone', () => {
  assert.equal(spoken({ voice: 'nova', language: 'fr' }), 'fr-fr+f3');
  assert.equal(spoken({ voice: 'alloy', language: 'pt-BR' }), 'pt-br');
  assert.equal(spoken({ voice: 'alloy', language: 'pt_PT' }), 'pt');
  // LoLLMs sends `en` by default: alloy stays American though espeak-ng ranks en-gb first for `en`.
  assert.equal(spoken({ voice: 'alloy', language: 'en' }), 'en-us');
  assert.equal(spoken({ language: 'fr-CA' }), 'fr-fr');
  assert.equal(spoken({ voice: 'fr-be+m3', language: 'en' }), 'fr-be+m3');
  assert.equal(spoken({ voice: 'English (Great Britain)' }), 'en-gb');
});

test('unknown voices, variants and languages are 400s naming the field', () => {
  const refused = (choice: VoiceChoice, param: string) =>
    assert.throws(() => resolveVoice(catalog, choice), (error: unknown) => error instanceof InvalidRequestError && error.param === param);
  refused({ voice: 'klingon' }, 'voice');
  refused({ voice: 'en-us+f9' }, 'voice');
  refused({ voice: 'nobody', voiceParam: 'voice-id' }, 'voice-id');
  refused({ voice: 'alloy', language: 'xx-yy' }, 'language');
});
