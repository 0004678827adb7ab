import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { filler } from '../../test/fixtures/ragDocuments.js';
import { RagClient } from '../../test/ragClient.js';
import { spawnHearthServer, type SpawnedServer } from '../../test/spawnHearth.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';

const models = [testModels.tiny];

/**
 * How the disk fills up here, without root (no small tmpfs or loop device to mount): the server runs under a
 * file-size limit (RLIMIT_FSIZE, bash's `ulimit -f`), so the OS refuses a write past it with EFBIG, at the same
 * boundary where a full disk refuses one with ENOSPC; Node ignores SIGXFSZ, so the write fails rather than
 * the process. The limit sits between the upload (~60 KB, staged whole) and the chunk file LanceDB writes
 * for it (~400 KB at 32-token chunks with 64-dim vectors): the upload is accepted, its commit finds no room.
 */
const limitKiB = 160;
const bigDocument = Array.from({ length: 600 }, (_, index) => `Entry ${index}: ${filler(2, index).join(' ')}`).join('\n\n') + '\n\nThe last entry names the narwhal.';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => path.join(entry.parentPath, entry.name));
}

describe('a full disk during ingest', { skip: missingTestModels(models) || (process.platform === 'win32' && 'needs bash ulimit') }, () => {
  let root: string;
  let dataDir: string;
  let modelsDir: string;
  let server: SpawnedServer | undefined;
  const start = async (fileSizeKiB?: number) => {
    server = await spawnHearthServer(['--data-dir', dataDir, '--models-dir', modelsDir, '--no-auth'], 60_000, {}, { fileSizeKiB });
    return new RagClient(server.url);
  };
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hearth-rag-full-'));
    dataDir = path.join(root, 'data');
    modelsDir = path.join(root, 'models');
    await mkdir(dataDir, { recursive: true });
    await mkdir(modelsDir, { recursive: true });
    await symlink(testModelPath(testModels.tiny), path.join(modelsDir, `${testModels.tiny}.gguf`));
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ gpu: false, modelDefaults: { threads: 1 } }));
  });
  after(async () => {
    await server?.killHard();
    await rm(root, { recursive: true, force: true });
  });

  test('fails the job with the reason; the datastore stays readable and writable; the same upload succeeds with room', async () => {
    let client = await start(limitKiB);
    const store = await client.create({ name: 'Cramped', model: testModels.tiny, chunkSize: 32, chunkOverlap: 0 });
    const small = await client.addText(store.id, `${filler(4).join(' ')} The ibex climbs the cliff.`, 'Before');
    assert.equal((await client.waitForJob(small.id)).state, 'completed', 'small writes fit under the limit');

    const upload = await client.upload(store.id, [
      { name: 'big.md', data: bigDocument },
      { name: 'after.txt', data: `${filler(3, 7).join(' ')} The tapir wades.` },
    ]);
    assert.equal(upload.status, 202, JSON.stringify(upload.body));
    const job = await client.waitForJob(upload.body.id, 120_000);
    assert.equal(job.state, 'failed', JSON.stringify(job));
    assert.match(job.error!, /no room left for the datastore \(File too large\)/);
    assert.deepEqual(job.documents.map((d) => [d.status, d.error]), [['failed', job.error], ['failed', job.error]]);

    // Readable: the earlier document is found, and nothing of the failed ones is half there.
    assert.equal((await client.query(store.id, { query: 'ibex', mode: 'fts' }))[0]?.documentTitle, 'Before');
    assert.equal((await client.query(store.id, { query: 'narwhal', mode: 'fts' })).length, 0);
    assert.equal((await client.query(store.id, { query: 'tapir', mode: 'hybrid' })).filter((r) => /tapir/.test(r.text)).length, 0);
    const listed = await client.documents(store.id);
    assert.ok(!listed.some((d) => d.status === 'completed' && d.sourceName !== 'text'), JSON.stringify(listed));
    // Still writable where there is room, and LanceDB left no partial file behind.
    const later = await client.addText(store.id, `${filler(3, 20).join(' ')} The okapi hides.`, 'After');
    assert.equal((await client.waitForJob(later.id)).state, 'completed');
    assert.equal((await client.query(store.id, { query: 'okapi', mode: 'fts' }))[0]?.documentTitle, 'After');
    assert.deepEqual((await filesUnder(path.join(dataDir, 'datastores'))).filter((file) => path.basename(file).startsWith('.tmp')), []);
    assert.deepEqual(await readdir(path.join(dataDir, 'rag-jobs', upload.body.id)).catch(() => []), [], 'the failed job kept no staged upload');

    // With room again (no limit), the same upload is indexed in full.
    await server!.killHard();
    client = await start();
    const again = await client.upload(store.id, [{ name: 'big.md', data: bigDocument }]);
    const done = await client.waitForJob(again.body.id, 120_000);
    assert.equal(done.state, 'completed', JSON.stringify(done));
    assert.equal((await client.query(store.id, { query: 'narwhal', mode: 'fts' }))[0]?.sourceName, 'big.md');
    assert.equal((await client.query(store.id, { query: 'ibex', mode: 'fts' }))[0]?.documentTitle, 'Before');
  });
});
