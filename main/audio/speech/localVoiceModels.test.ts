import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { findLocalVoiceModels, speakerNames, voiceLanguage, voiceModelIn } from './localVoiceModels.js';
import { voiceCatalog } from './voiceCatalog.js';

let modelsDir: string;
/** A folder in the models folder holding `files` (names ending in `/` are folders), each with `contents` or empty. */
async function folder(name: string, files: Record<string, string>) {
  for (const [file, contents] of Object.entries(files)) {
    const target = path.join(modelsDir, name, file);
    if (file.endsWith('/')) await mkdir(target, { recursive: true });
    else {
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, contents);
    }
  }
}

before(async () => {
  modelsDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-voices-'));
  // sherpa-onnx's Piper release layout, with Piper's config naming speakers.
  const piperConfig = { language: { code: 'en_GB', name_english: 'English' }, dataset: 'semaine', num_speakers: 4, speaker_id_map: { prudence: 0, spike: 1, obadiah: 2, poppy: 3 } };
  await folder('vits-piper-en_GB-semaine-medium', {
    'en_GB-semaine-medium.onnx': '',
    'en_GB-semaine-medium.onnx.json': JSON.stringify(piperConfig),
    'tokens.txt': '',
    'espeak-ng-data/phontab': '',
    MODEL_CARD: '',
  });
  // A lexicon VITS voice with an int8 twin and text rules (sherpa-onnx's vits-zh-aishell3 layout).
  await folder('vits-zh-aishell3', { 'model.onnx': '', 'model.int8.onnx': '', 'tokens.txt': '', 'lexicon.txt': '', 'phone.fst': '', 'date.fst': '', 'rule.far': '' });
  // A character-based voice: model and tokens only, named as sherpa-onnx names its voices.
  await folder('vits-mms-deu', { 'model.onnx': '', 'tokens.txt': '' });
  // Not voices: a recognizer with the same two files, a Whisper folder, a download under way, a GGUF file.
  await folder('sherpa-onnx-sense-voice', { 'model.onnx': '', 'tokens.txt': '' });
  await folder('sherpa-onnx-whisper-tiny', { 'tiny-encoder.onnx': '', 'tiny-decoder.onnx': '', 'tiny-tokens.txt': '' });
  await folder('.vits-piper-en_US-amy-low.partial', { 'en_US-amy-low.onnx': '', 'tokens.txt': '', 'espeak-ng-data/': '' });
  await writeFile(path.join(modelsDir, 'qwen.gguf'), '');
});
after(() => rm(modelsDir, { recursive: true, force: true }));

test('voice folders are found in both layouts; recognizers, Whisper and hidden folders are not', async () => {
  const voices = await findLocalVoiceModels(modelsDir);
  assert.deepEqual(
    voices.map((voice) => voice.id),
    ['vits-mms-deu', 'vits-piper-en_GB-semaine-medium', 'vits-zh-aishell3'],
  );
  const [mms, piper, aishell] = voices;
  assert.equal(piper!.model, path.join(modelsDir, 'vits-piper-en_GB-semaine-medium', 'en_GB-semaine-medium.onnx'));
  assert.equal(piper!.dataDir, path.join(modelsDir, 'vits-piper-en_GB-semaine-medium', 'espeak-ng-data'));
  assert.equal(piper!.lexicon, undefined);
  assert.equal(path.basename(aishell!.model), 'model.onnx', 'full precision over int8');
  assert.equal(path.basename(aishell!.lexicon!), 'lexicon.txt');
  assert.equal(aishell!.ruleFsts, ['date.fst', 'phone.fst'].map((name) => path.join(modelsDir, 'vits-zh-aishell3', name)).join(','));
  assert.equal(aishell!.ruleFars, path.join(modelsDir, 'vits-zh-aishell3', 'rule.far'));
  assert.equal(mms!.dataDir ?? mms!.lexicon, undefined);
});

test("Piper's config gives the language and speaker names; other voices name speakers by number", async () => {
  const [mms, piper] = await findLocalVoiceModels(modelsDir);
  assert.equal(voiceLanguage(piper!), 'en-gb');
  assert.deepEqual(speakerNames(piper!, 4), ['prudence', 'spike', 'obadiah', 'poppy']);
  assert.equal(voiceLanguage(mms!), undefined);
  assert.deepEqual(speakerNames(mms!, 3), ['0', '1', '2']);
});

test('a missing models folder has no voices', async () => {
  assert.deepEqual(await findLocalVoiceModels(path.join(modelsDir, 'nowhere')), []);
});

test("each catalog voice's files make a folder found as that voice, in Piper's layout", async () => {
  for (const entry of voiceCatalog.entries) {
    const names = [...entry.files];
    assert.deepEqual(entry.pickFiles([...names, 'MODEL_CARD']), names);
    assert.equal(entry.pickFiles(names.filter((name) => name !== 'espeak-ng-data')), null);
    const voice = await voiceModelIn(entry.id, path.join('/models', entry.id), names);
    assert.equal(voice?.id, entry.id);
    assert.ok(voice?.dataDir && voice.model.endsWith('.onnx'), entry.id);
  }
});
