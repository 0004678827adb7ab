import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEspeakVoiceTable, toLocalVariants, toLocalVoices } from './espeakVoices.js';

// Lines as espeak-ng 1.51 prints them, names that overflow their column included.
const languages = `Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  en-029          --/M      English_(Caribbean) gmw/en-029           (en 10)
 2  en-us           --/M      English_(America)  gmw/en-US            (en 3)
 5  fr-fr           --/M      French_(France)    roa/fr               (fr 5)
 5  fr-be           --/M      French_(Belgium)   roa/fr-BE            (fr 8)
 5  yue             --/M      Chinese_(Cantonese) sit/yue              (zh-yue 5)(zh 8)
 5  yue             --/M      Chinese_(Cantonese,_latin_as_Jyutping) sit/yue-Latn-jyutping (zh-yue 5)(zh 8)`;
const variants = `Pty Language       Age/Gender VoiceName          File                 Other Languages
 5  variant         --/M      Mr_Serious         !v/Mr serious
 5  variant         --/M      Storm              !v/Storm             (en-us 5)
 5  variant         70/F      female1            !v/f1
 5  variant         --/M      klatt              !v/klatt`;

test("espeak-ng's voice table becomes voices with unique ids and their languages", () => {
  const voices = toLocalVoices(parseEspeakVoiceTable(languages));
  assert.deepEqual(
    voices.map((voice) => [voice.id, voice.name, voice.espeakName]),
    [
      ['en-029', 'English (Caribbean)', 'gmw/en-029'],
      ['en-us', 'English (America)', 'gmw/en-US'],
      ['fr-fr', 'French (France)', 'roa/fr'],
      ['fr-be', 'French (Belgium)', 'roa/fr-BE'],
      ['yue', 'Chinese (Cantonese)', 'sit/yue'],
      ['yue-latn-jyutping', 'Chinese (Cantonese, latin as Jyutping)', 'sit/yue-Latn-jyutping'],
    ],
  );
  assert.deepEqual(voices[1]!.languages, ['en-us', 'en']);
  assert.equal(voices[1]!.languagePriorities.get('en'), 3);
  assert.equal(voices[0]!.gender, 'male');
});

test('variants keep their file names; ones with spaces and Klatt ones are left out', () => {
  const list = toLocalVariants(parseEspeakVoiceTable(variants));
  assert.deepEqual(list, [
    { id: 'storm', name: 'Storm', gender: 'male', espeakName: 'Storm' },
    { id: 'f1', name: 'female1', gender: 'female', espeakName: 'f1' },
  ]);
});
