import assert from 'node:assert/strict';
import { test } from 'node:test';
import { HearthError, NotSupportedError } from '../../../common/errors.js';
import type { LocalVoiceModel } from './localVoiceModels.js';
import type { NeuralVoice } from './NeuralVoices.js';
import { aliasSlots, neuralAliasInfos, neuralVoiceInfos, pickName, resolveNeuralVoice } from './resolveNeuralVoice.js';
import type { VoiceChoice } from './resolveVoice.js';

const model = (id: string): LocalVoiceModel => ({ id, dir: `/models/${id}`, model: `/models/${id}/model.onnx`, tokens: `/models/${id}/tokens.txt` });
const amy: NeuralVoice = { model: model('vits-piper-en_US-amy-low'), language: 'en-us', speakers: [], sampleRate: 16000 };
const semaine: NeuralVoice = { model: model('vits-piper-en_GB-semaine-medium'), language: 'en-gb', speakers: ['prudence', 'spike', 'obadiah'], sampleRate: 22050 };
const thorsten: NeuralVoice = { model: model('vits-piper-de_DE-thorsten-low'), language: 'de-de', speakers: [], sampleRate: 16000 };
const vctk: NeuralVoice = { model: model('vits-vctk'), speakers: ['0', '1'], sampleRate: 22050 };
const broken: NeuralVoice = { model: model('vits-broken'), speakers: [], error: 'Load model from model.onnx failed' };

const spoken = (voices: NeuralVoice[], choice: VoiceChoice) => {
  const pick = resolveNeuralVoice(voices, choice);
  return pick && pickName(pick);
};

test("OpenAI's names take turns over each voice's speakers; without a working voice they stay espeak-ng's", () => {
  const voices = [amy, semaine, broken];
  assert.deepEqual(
    aliasSlots(voices).map(pickName),
    ['vits-piper-en_US-amy-low', 'vits-piper-en_GB-semaine-medium+prudence', 'vits-piper-en_GB-semaine-medium+spike', 'vits-piper-en_GB-semaine-medium+obadiah'],
  );
  assert.equal(spoken(voices, { voice: 'alloy' }), 'vits-piper-en_US-amy-low');
  assert.equal(spoken(voices, { voice: 'Ash' }), 'vits-piper-en_GB-semaine-medium+prudence');
  // The fifth name comes round to the first slot again.
  assert.equal(spoken(voices, { voice: 'echo' }), 'vits-piper-en_US-amy-low');
  assert.equal(spoken(voices, {}), 'vits-piper-en_US-amy-low', 'no voice is alloy');
  assert.equal(spoken([broken], { voice: 'alloy' }), null);
  assert.equal(spoken([], { voice: 'alloy' }), null);
  // `+variant` and espeak-ng's own voices stay espeak-ng's.
  assert.equal(spoken(voices, { voice: 'nova+f3' }), null);
  assert.equal(spoken(voices, { voice: 'en-us' }), null);
  assert.equal(spoken(voices, { voice: 'darth' }), null);
});

test("a language picks the voices that speak it, its primary subtag next; voices that don't say never match one", () => {
  const voices = [amy, semaine, thorsten, vctk];
  assert.equal(spoken(voices, { voice: 'alloy', language: 'de' }), 'vits-piper-de_DE-thorsten-low');
  assert.equal(spoken(voices, { voice: 'alloy', language: 'en_GB' }), 'vits-piper-en_GB-semaine-medium+prudence');
  assert.equal(spoken(voices, { voice: 'alloy', language: 'en' }), 'vits-piper-en_US-amy-low');
  assert.equal(spoken(voices, { voice: 'alloy', language: 'fr' }), null, 'espeak-ng speaks French');
  assert.equal(spoken([vctk], { voice: 'alloy', language: 'en' }), null);
  assert.equal(spoken([vctk], { voice: 'alloy' }), 'vits-vctk+0');
  // A voice named outright ignores the language.
  assert.equal(spoken(voices, { voice: 'vits-piper-de_DE-thorsten-low', language: 'en' }), 'vits-piper-de_DE-thorsten-low');
});

test('a voice is named by its folder, a speaker by name or number; unknown speakers are 400s, broken voices 422s', () => {
  const voices = [amy, semaine, broken];
  assert.equal(spoken(voices, { voice: 'VITS-piper-en_GB-semaine-medium+Spike' }), 'vits-piper-en_GB-semaine-medium+spike');
  assert.equal(spoken(voices, { voice: 'vits-piper-en_GB-semaine-medium+2' }), 'vits-piper-en_GB-semaine-medium+obadiah');
  assert.equal(spoken(voices, { voice: 'vits-piper-en_GB-semaine-medium' }), 'vits-piper-en_GB-semaine-medium+prudence');
  const refused = (choice: VoiceChoice, status: number, message: RegExp, param = 'voice') =>
    assert.throws(
      () => resolveNeuralVoice(voices, choice),
      (error: unknown) => error instanceof HearthError && error.status === status && error.param === param && message.test(error.message),
    );
  refused({ voice: 'vits-piper-en_GB-semaine-medium+3' }, 400, /Unknown speaker '3'.*numbered 0–2/);
  refused({ voice: 'vits-piper-en_US-amy-low+1', voiceParam: 'voice-id' }, 400, /single speaker/, 'voice-id');
  refused({ voice: 'vits-broken' }, 422, /The voice 'vits-broken' cannot be loaded: .*model\.onnx failed/);
  // Where sherpa-onnx-node isn't installed, a voice named outright says so; OpenAI's names fall back to espeak-ng.
  const missing = new NotSupportedError('Neural voices need sherpa-onnx-node, which is not installed');
  const unavailable: NeuralVoice = { model: model('vits-piper-en_US-amy-low'), speakers: [], error: missing.message, failure: missing };
  assert.throws(() => resolveNeuralVoice([unavailable], { voice: 'vits-piper-en_US-amy-low' }), (error: unknown) => error === missing);
  assert.equal(spoken([unavailable], { voice: 'alloy' }), null);
  assert.equal(neuralVoiceInfos([unavailable])[0]?.error, missing.message);
});

test('the listing shows speakers, rates, errors and what each OpenAI name stands for', () => {
  const [amyInfo, semaineInfo, vctkInfo, brokenInfo] = neuralVoiceInfos([amy, semaine, vctk, broken]);
  assert.deepEqual(amyInfo, { id: 'vits-piper-en_US-amy-low', name: 'vits-piper-en_US-amy-low', language: 'en-us', languages: ['en-us', 'en'], engine: 'sherpa-onnx', sample_rate: 16000 });
  assert.deepEqual(semaineInfo?.speakers, ['prudence', 'spike', 'obadiah']);
  assert.equal(vctkInfo?.language, 'und');
  assert.deepEqual(vctkInfo?.languages, []);
  assert.match(brokenInfo?.error ?? '', /cannot be loaded/);
  const aliases = neuralAliasInfos(aliasSlots([amy, semaine]));
  assert.equal(aliases.length, 11);
  assert.deepEqual(aliases[1], { id: 'ash', name: 'Ash', language: 'en-gb', languages: ['en-gb', 'en'], engine: 'sherpa-onnx', alias_of: 'vits-piper-en_GB-semaine-medium+prudence' });
  assert.deepEqual(neuralAliasInfos([]), []);
});
