import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import wavefile from 'wavefile';
import { UnreadableModelError } from '../../../common/errors.js';
import type { Transcriber } from '../transcriber.js';
import { findLocalWhisperModels } from './localWhisperModels.js';
import { SherpaWhisperTranscriber } from './SherpaWhisperTranscriber.js';
import { NoTranscriberError, TranscriptionService } from './TranscriptionService.js';

/**
 * A model folder as sherpa-onnx's archives lay it out. Its ONNX files are not ONNX: only the names count for
 * finding models, and loading them fails as a damaged download would. Tokens are well formed unless `tokens` says.
 */
async function modelFolder(modelsDir: string, id: string, files: string[], tokens = 'IQ== 0\nIg== 1\n'): Promise<void> {
  await mkdir(path.join(modelsDir, id), { recursive: true });
  for (const file of files) await writeFile(path.join(modelsDir, id, file), file.endsWith('-tokens.txt') ? tokens : 'not onnx');
}

function silentWav(seconds: number): Uint8Array {
  const wav = new wavefile.WaveFile();
  wav.fromScratch(1, 16000, '16', new Int16Array(16000 * seconds));
  return wav.toBuffer();
}

describe('local Whisper models and the transcription service', () => {
  let modelsDir: string;
  let emptyDir: string;

  before(async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-whisper-'));
    modelsDir = path.join(root, 'models');
    emptyDir = path.join(root, 'empty');
    await mkdir(emptyDir, { recursive: true });
    await modelFolder(modelsDir, 'sherpa-onnx-whisper-tiny', ['tiny-encoder.onnx', 'tiny-encoder.int8.onnx', 'tiny-decoder.onnx', 'tiny-decoder.int8.onnx', 'tiny-tokens.txt', 'README.md']);
    await modelFolder(modelsDir, 'sherpa-onnx-whisper-tiny.en', ['tiny.en-encoder.onnx', 'tiny.en-decoder.onnx', 'tiny.en-tokens.txt']);
    await modelFolder(modelsDir, 'no-tokens', ['base-encoder.onnx', 'base-decoder.onnx']);
    // sherpa-onnx ends its whole process on a malformed tokens line, rather than throwing.
    await modelFolder(modelsDir, 'broken-tokens', ['tiny-encoder.onnx', 'tiny-decoder.onnx', 'tiny-tokens.txt'], 'one two three\n');
    await modelFolder(modelsDir, '.hidden', ['tiny-encoder.onnx', 'tiny-decoder.onnx', 'tiny-tokens.txt']);
    await writeFile(path.join(modelsDir, 'chat.gguf'), 'GGUF');
  });

  after(async () => {
    await rm(path.dirname(modelsDir), { recursive: true, force: true });
  });

  test('finds each complete model folder, preferring the int8 files, and tells English-only ones', async () => {
    const models = await findLocalWhisperModels(modelsDir);
    assert.deepEqual(
      models.map((m) => ({ ...m, encoder: path.basename(m.encoder), decoder: path.basename(m.decoder), tokens: path.basename(m.tokens) })),
      [
        { id: 'broken-tokens', encoder: 'tiny-encoder.onnx', decoder: 'tiny-decoder.onnx', tokens: 'tiny-tokens.txt', isEnglishOnly: false },
        { id: 'sherpa-onnx-whisper-tiny', encoder: 'tiny-encoder.int8.onnx', decoder: 'tiny-decoder.int8.onnx', tokens: 'tiny-tokens.txt', isEnglishOnly: false },
        { id: 'sherpa-onnx-whisper-tiny.en', encoder: 'tiny.en-encoder.onnx', decoder: 'tiny.en-decoder.onnx', tokens: 'tiny.en-tokens.txt', isEnglishOnly: true },
      ],
    );
    assert.deepEqual(await findLocalWhisperModels(path.join(modelsDir, 'missing')), []);
  });

  test('with nothing installed, pick names the catalog download and the models folder', async () => {
    const service = new TranscriptionService({ modelsDir: () => emptyDir });
    await assert.rejects(service.pick('whisper-1'), (error: unknown) => {
      assert.ok(error instanceof NoTranscriberError);
      assert.equal(error.status, 404);
      assert.equal(error.code, 'model_not_found');
      assert.match(error.message, /sherpa-onnx-whisper-tiny/);
      assert.ok(error.message.includes(path.join(emptyDir, 'sherpa-onnx-whisper-tiny')), error.message);
      assert.match(error.message, /binding/);
      return true;
    });
  });

  test('whisper-1 picks the first local model, an id picks its own, an unknown name lists what there is', async () => {
    const service = new TranscriptionService({ modelsDir: () => modelsDir });
    const byDefault = await service.pick('whisper-1');
    assert.ok(byDefault instanceof SherpaWhisperTranscriber);
    assert.equal(byDefault.model.id, 'broken-tokens');
    assert.equal(await service.pick('whisper-1'), byDefault, 'one transcriber per model, so loaded recognizers are reused');
    const english = await service.pick('Sherpa-ONNX-Whisper-Tiny.en');
    assert.equal((english as SherpaWhisperTranscriber).model.id, 'sherpa-onnx-whisper-tiny.en');
    await assert.rejects(service.pick('large-v3'), /Local Whisper models: broken-tokens, sherpa-onnx-whisper-tiny, sherpa-onnx-whisper-tiny\.en/);
  });

  test("a binding that serves the model comes before a local model of that name", async () => {
    const remote: Transcriber = { transcribe: async () => ({ text: '', segments: [] }) };
    const asked: string[] = [];
    const service = new TranscriptionService({ modelsDir: () => modelsDir, bindingTranscriber: (model) => (asked.push(model), model === 'whisper-1' ? remote : null) });
    assert.equal(await service.pick('whisper-1'), remote);
    assert.ok((await service.pick('sherpa-onnx-whisper-tiny')) instanceof SherpaWhisperTranscriber);
    assert.deepEqual(asked, ['whisper-1', 'sherpa-onnx-whisper-tiny']);
  });

  test('model files sherpa-onnx cannot load answer 422 naming the model; the server lives on and tries again next time', async () => {
    const service = new TranscriptionService({ modelsDir: () => modelsDir });
    const cases: [string, RegExp][] = [
      ['sherpa-onnx-whisper-tiny', /tiny-encoder\.int8\.onnx/],
      // The child process dies here (sherpa-onnx calls exit()); in the server's own process this would end Hearth.
      ['broken-tokens', /one two three/],
    ];
    for (const [id, why] of cases) {
      const transcriber = await service.pick(id);
      for (let attempt = 0; attempt < 2; attempt++) {
        await assert.rejects(transcriber.transcribe({ audio: silentWav(1), filename: 'silence.wav', model: id, task: 'transcribe' }), (error: unknown) => {
          assert.ok(error instanceof UnreadableModelError, String(error));
          assert.equal(error.status, 422);
          assert.ok(error.message.includes(`'${id}'`), error.message);
          assert.match(error.message, why);
          return true;
        });
      }
    }
  });

  test('an English-only model refuses to translate, before loading anything', async () => {
    const transcriber = await new TranscriptionService({ modelsDir: () => modelsDir }).pick('sherpa-onnx-whisper-tiny.en');
    await assert.rejects(transcriber.transcribe({ audio: silentWav(1), filename: 'a.wav', model: 'x', task: 'translate' }), /knows only English and can't translate/);
  });
});
