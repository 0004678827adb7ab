import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';
import { ModelRegistry } from './ModelRegistry.js';

const skip = missingTestModels([testModels.tiny, testModels.chatml]);
let dir: string;

before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-registry-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test('lists gguf files by id, a split model once, and skips partial downloads and dangling links', { skip }, async () => {
  await symlink(testModelPath(testModels.tiny), path.join(dir, 'tiny.gguf'));
  await symlink(testModelPath(testModels.chatml), path.join(dir, 'chat.GGUF'));
  await writeFile(path.join(dir, 'big-00001-of-00002.gguf'), Buffer.alloc(100));
  await writeFile(path.join(dir, 'big-00002-of-00002.gguf'), Buffer.alloc(50));
  await writeFile(path.join(dir, 'half.gguf.part'), 'x');
  await writeFile(path.join(dir, 'notes.txt'), 'x');
  await symlink(path.join(dir, 'missing.gguf'), path.join(dir, 'dangling.gguf'));
  const registry = new ModelRegistry(() => dir);
  const files = await registry.list();
  assert.deepEqual(files.map((f) => f.id).sort(), ['big', 'chat', 'tiny']);
  assert.equal(files.find((f) => f.id === 'big')!.sizeBytes, 150);
  assert.match(files.find((f) => f.id === 'big')!.path, /big-00001-of-00002\.gguf$/);
});

test('reads GGUF metadata: architecture, parameters, context, chat template', { skip }, async () => {
  const registry = new ModelRegistry(() => dir);
  const tiny = await registry.metadata(await registry.find('tiny'));
  assert.equal(tiny.architecture, 'llama');
  assert.equal(tiny.parameterCount, 292_800);
  assert.equal(tiny.trainContextSize, 2048);
  assert.equal(tiny.embeddingLength, 64);
  assert.equal(tiny.hasChatTemplate, false);
  assert.equal((await registry.metadata(await registry.find('chat'))).hasChatTemplate, true);
});

test('an unknown id is a 404 model_not_found', { skip }, async () => {
  const registry = new ModelRegistry(() => dir);
  await assert.rejects(registry.find('nope'), (error: any) => error.status === 404 && error.code === 'model_not_found');
});

test('a model deleted between the listing and the read of its header is not found (404), not an error', async () => {
  await writeFile(path.join(dir, 'doomed.gguf'), Buffer.from('GGUF'));
  // The listing finds the file; a delete beside the request removes it before its header is read.
  class RacingRegistry extends ModelRegistry {
    override async lookup(id: string) {
      const found = await super.lookup(id);
      if (found) await rm(found.path);
      return found;
    }
  }
  await assert.rejects(new RacingRegistry(() => dir).find('doomed'), { name: 'ModelNotFoundError', status: 404 });
});
