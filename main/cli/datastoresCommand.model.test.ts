import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DatastoreRecord, JobRecord, SearchResult } from '../../common/rag.js';
import { filler } from '../../test/fixtures/ragDocuments.js';
import { runHearth, spawnHearthServer, type SpawnedServer } from '../../test/spawnHearth.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';

const models = [testModels.tiny];

/** A port nothing listens on, so the CLI finds no server there. */
async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('hearth datastores (CLI)', { skip: missingTestModels(models) }, () => {
  let root: string;
  let dataDir: string;
  let modelsDir: string;
  let env: Record<string, string>;
  let server: SpawnedServer | undefined;
  const hearth = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const result = await runHearth(['datastores', ...args, '--data-dir', dataDir, '--models-dir', modelsDir], { ...env, ...extraEnv });
    return result;
  };
  const json = async <T>(args: string[], extraEnv: Record<string, string> = {}): Promise<T> => {
    const result = await hearth([...args, '--json'], extraEnv);
    assert.equal(result.code, 0, `${args.join(' ')}: ${result.stderr}`);
    return JSON.parse(result.stdout) as T;
  };
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hearth-cli-rag-'));
    dataDir = path.join(root, 'data');
    modelsDir = path.join(root, 'models');
    await mkdir(modelsDir, { recursive: true });
    await mkdir(dataDir, { recursive: true });
    await symlink(testModelPath(testModels.tiny), path.join(modelsDir, `${testModels.tiny}.gguf`));
    await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ gpu: false, requireApiKeys: false }));
    env = { HEARTH_PORT: String(await unusedPort()) };
  });
  after(async () => {
    await server?.killHard();
    await rm(root, { recursive: true, force: true });
  });

  let store: DatastoreRecord;
  test('with no server running: create, add a file and query on the data folder itself', async () => {
    store = await json<DatastoreRecord>(['create', 'Notes', '--model', testModels.tiny, '--chunk-size', '48', '--chunk-overlap', '4']);
    assert.equal(store.chunkSize, 48);
    const file = path.join(root, 'notes.md');
    await writeFile(file, `# Garden\n\n${filler(6).join(' ')} The kohlrabi grows fast.`);
    const job = await json<JobRecord>(['add', store.id, file]);
    assert.equal(job.state, 'completed', JSON.stringify(job));
    const [hit] = await json<SearchResult[]>(['query', store.id, 'kohlrabi', '--mode', 'fts']);
    assert.equal(hit!.sourceName, 'notes.md');
  });

  test('with a server running: the CLI talks to it, and never opens the datastores beside it', async () => {
    server = await spawnHearthServer(['--data-dir', dataDir, '--models-dir', modelsDir, '--no-auth']);
    const listed = await hearth(['list', '--url', server.url]);
    assert.equal(listed.code, 0, listed.stderr);
    assert.match(listed.stdout, new RegExp(`${store.id}\\s+Notes\\s+${testModels.tiny}\\s+1\\s+\\d+\\s+private`));
    const port = new URL(server.url).port;
    // Found through the settings' port, as a user with a default setup runs it.
    const job = await json<JobRecord>(['add', store.id, '--text', 'The quince tree blossoms in April.', '--title', 'Orchard'], { HEARTH_PORT: port });
    assert.equal(job.state, 'completed');
    const hits = await json<SearchResult[]>(['query', store.id, 'quince', '--mode', 'fts'], { HEARTH_PORT: port });
    assert.equal(hits[0]!.documentTitle, 'Orchard');
    // Pointed elsewhere, the CLI would open the data folder itself: the server's lock refuses it.
    const refused = await hearth(['list']);
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /Another Hearth process \(pid \d+\) holds the datastores/);
    const removed = await hearth(['rm', store.id, '--url', server.url]);
    assert.equal(removed.code, 0, removed.stderr);
    const left = (await (await fetch(`${server.url}/v1/datastores`)).json()) as { data: DatastoreRecord[] };
    assert.deepEqual(left.data, []);
  });
});
