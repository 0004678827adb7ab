import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Ollama } from 'ollama';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModelPath, testModels, type TestModelId } from '../../../test/testModels.js';

// The benchmark model (106 MB) stands in for a large file: too big to hash within a moment.
const models = [testModels.tiny, testModels.bench];

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

describe('digests in /api/tags and /api/ps', { skip: missingTestModels(models) }, () => {
  let root: string;
  let dataDir: string;
  let modelsDir: string;
  let server: TestServer | undefined;
  const expected = new Map<TestModelId, string>();
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hearth-digests-'));
    dataDir = path.join(root, 'data');
    modelsDir = path.join(root, 'models');
    await mkdir(modelsDir);
    for (const id of models) expected.set(id, await sha256Of(testModelPath(id)));
  });
  after(async () => {
    await server?.close();
    await rm(root, { recursive: true, force: true });
  });

  const digestsListed = async (url: string) => new Map((await new Ollama({ host: url }).list()).models.map((model) => [model.name, model.digest]));

  test('the first listing already holds the sha256 of every file, in bare hex as Ollama lists it', async () => {
    server = await startTestServer({ models, dataDir, modelsDir });
    const listed = await digestsListed(server.url);
    for (const id of models) assert.equal(listed.get(`${id}:latest`), expected.get(id), id);
  });

  test('ps shows the same bare digest', async () => {
    const client = new Ollama({ host: server!.url });
    await client.generate({ model: testModels.tiny, prompt: '', keep_alive: '1m' });
    const running = (await client.ps()).models.find((model) => model.name === `${testModels.tiny}:latest`);
    assert.equal(running?.digest, expected.get(testModels.tiny));
  });

  test('digests are kept in the data dir, and a restart lists them from there', async () => {
    const stored = JSON.parse(await readFile(path.join(dataDir, 'model-digests.json'), 'utf8')) as Record<string, { sha256: string }>;
    for (const id of models) assert.equal(stored[path.join(modelsDir, `${id}.gguf`)]?.sha256, expected.get(id), id);
    await server!.close();
    server = await startTestServer({ dataDir, modelsDir });
    const listed = await digestsListed(server.url);
    for (const id of models) assert.equal(listed.get(`${id}:latest`), expected.get(id), id);
  });
});
