import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { JobRecord } from '../../common/rag.js';
import { filler } from '../../test/fixtures/ragDocuments.js';
import { RagClient } from '../../test/ragClient.js';
import { spawnHearthServer, type SpawnedServer } from '../../test/spawnHearth.js';
import { startTestServer } from '../../test/startServer.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';

const models = [testModels.tiny];

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

/** kill -9 of a real server process in the middle of an ingest job, then a restart on the same data. */
describe('datastores survive kill -9 during ingest', { skip: missingTestModels(models) }, () => {
  let root: string;
  let dataDir: string;
  let modelsDir: string;
  let server: SpawnedServer | undefined;
  const start = async () => {
    server = await spawnHearthServer(['--data-dir', dataDir, '--models-dir', modelsDir, '--no-auth']);
    return new RagClient(server.url);
  };
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hearth-rag-kill-'));
    dataDir = path.join(root, 'data');
    modelsDir = path.join(root, 'models');
    await mkdir(dataDir, { recursive: true });
    await mkdir(modelsDir, { recursive: true });
    await symlink(testModelPath(testModels.tiny), path.join(modelsDir, `${testModels.tiny}.gguf`));
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ gpu: false }));
  });
  after(async () => {
    await server?.killHard();
    await rm(root, { recursive: true, force: true });
  });

  test('completed documents stay searchable, the interrupted job resumes, no temporary file is left', async () => {
    let client = await start();
    const store = await client.create({ name: 'Durable', model: testModels.tiny, chunkSize: 32, chunkOverlap: 0 });
    const done = await client.addText(store.id, `${filler(5).join(' ')} The ibex climbs the cliff.`, 'Finished before');
    assert.equal((await client.waitForJob(done.id)).state, 'completed');

    const big = Array.from({ length: 1000 }, (_, index) => `Entry ${index}: ${filler(2, index).join(' ')}`).join('\n\n') + '\n\nThe final line names the narwhal.';
    const upload = await client.upload(store.id, [
      { name: 'big.md', data: big },
      { name: 'after.txt', data: `${filler(3, 7).join(' ')} The tapir wades.` },
    ]);
    assert.equal(upload.status, 202);
    // Kill once the big document is being embedded: its chunks are not committed yet.
    const deadline = Date.now() + 60_000;
    let job: JobRecord;
    do {
      job = await client.job(upload.body.id);
      if (job.state === 'completed') assert.fail('the job ended before the kill; make the document bigger');
      await new Promise((resolve) => setTimeout(resolve, 20));
    } while (!(job.state === 'embedding' && job.progress.chunksDone > 0) && Date.now() < deadline);
    await server!.killHard();
    server = undefined;

    // What a killed LanceDB writer leaves beside a table's data: the restart must remove it.
    const datastoresDir = path.join(dataDir, 'datastores');
    const table = (await readdir(datastoresDir)).find((name) => name.endsWith('.lance'))!;
    await writeFile(path.join(datastoresDir, table, 'data', '.tmp_interrupted_write.lance'), Buffer.alloc(64 * 1024));

    client = await start();
    const temporary = (await filesUnder(datastoresDir)).filter((file) => path.basename(file).startsWith('.tmp'));
    assert.deepEqual(temporary, [], 'temporary files are cleaned at open');
    const [ibex] = await client.query(store.id, { query: 'ibex', mode: 'fts' });
    assert.equal(ibex?.documentTitle, 'Finished before', 'a document completed before the kill is searchable at once');
    const listed = await client.documents(store.id);
    const bigDocument = listed.find((d) => d.sourceName === 'big.md')!;
    assert.notEqual(bigDocument.status, 'completed', 'the interrupted document is not listed as indexed before it is');

    const resumed = await client.waitForJob(upload.body.id, 120_000);
    assert.equal(resumed.state, 'completed', JSON.stringify(resumed));
    assert.deepEqual(resumed.documents.map((d) => d.status), ['completed', 'completed']);
    const after = await client.documents(store.id);
    const big2 = after.find((d) => d.sourceName === 'big.md')!;
    assert.equal(big2.status, 'completed');
    assert.equal((await client.query(store.id, { query: 'narwhal', mode: 'fts' }))[0]?.documentId, big2.id);
    assert.equal((await client.query(store.id, { query: 'tapir', mode: 'fts' }))[0]?.sourceName, 'after.txt');
    // Resuming replaced whatever the killed run had written: every chunk once.
    const all = await client.query(store.id, { query: 'narwhal', mode: 'fts', topK: 100 });
    assert.equal(new Set(all.map((r) => r.chunkId)).size, all.length);
    const store2 = await client.ok<{ chunkCount: number }>('GET', `/v1/datastores/${store.id}`);
    assert.equal(store2.chunkCount, after.reduce((sum, d) => sum + d.chunkCount, 0));
    assert.deepEqual(await readdir(path.join(dataDir, 'rag-jobs', upload.body.id)).catch(() => []), [], 'staged uploads are removed once indexed');
  });

  test('a server stopped during a job leaves it unfinished, and the next start completes it', async () => {
    const ownData = path.join(root, 'graceful');
    const first = await startTestServer({ models, dataDir: ownData });
    const client = new RagClient(first.url);
    const store = await client.create({ name: 'Graceful', model: testModels.tiny, chunkSize: 32, chunkOverlap: 0 });
    const text = Array.from({ length: 400 }, (_, index) => `Line ${index}: ${filler(2, index).join(' ')}`).join('\n\n') + '\n\nThe last line names the wolverine.';
    const job = await client.addText(store.id, text, 'Stopped midway');
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const snapshot = await client.job(job.id);
      assert.notEqual(snapshot.state, 'completed', 'the job ended before the stop; make the text longer');
      if (snapshot.state === 'embedding' && snapshot.progress.chunksDone > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await first.close();

    const second = await startTestServer({ models, dataDir: ownData });
    try {
      const again = new RagClient(second.url);
      const done = await again.waitForJob(job.id, 120_000);
      assert.equal(done.state, 'completed', 'resumed, not cancelled by the stop');
      const [hit] = await again.query(store.id, { query: 'wolverine', mode: 'fts' });
      assert.equal(hit?.documentTitle, 'Stopped midway');
    } finally {
      await second.close();
    }
  });
});
