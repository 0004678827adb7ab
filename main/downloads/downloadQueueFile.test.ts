import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { DownloadRecord } from '../../common/downloads.js';
import { queueFilePath, readQueue, writeQueue } from './downloadQueueFile.js';

const record = (id: string, updatedAt: number, state: DownloadRecord['state'] = 'queued'): DownloadRecord => ({
  id,
  ref: `hf:test/repo/${id}.gguf`,
  modelId: id,
  state,
  files: [],
  totalBytes: null,
  receivedBytes: 0,
  bytesPerSecond: 0,
  etaSeconds: null,
  createdAt: updatedAt,
  updatedAt,
});

describe('downloads.json shared by processes', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-queue-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it("merges instead of overwriting: each writer's records stay, the newer version of one wins", async () => {
    await writeQueue(dataDir, [record('a', 1), record('b', 1)]);
    // Another process that knew only the old 'b' and added 'c'; then ours, with 'b' done.
    await writeQueue(dataDir, [record('b', 1), record('c', 2)]);
    await writeQueue(dataDir, [record('a', 1), record('b', 3, 'completed')]);
    const saved = await readQueue(dataDir);
    assert.deepEqual(saved.map((r) => [r.id, r.state]).sort(), [['a', 'queued'], ['b', 'completed'], ['c', 'queued']]);
    await writeQueue(dataDir, [record('b', 2, 'downloading')]);
    assert.equal((await readQueue(dataDir)).find((r) => r.id === 'b')?.state, 'completed', 'an older copy does not undo a newer one');
  });

  it('loses nothing when processes write at the same moment', async () => {
    const dir = path.join(dataDir, 'race');
    const module = path.resolve(import.meta.dirname, 'downloadQueueFile.ts');
    // Four real processes, each writing its own 20 records, one save at a time, all at once.
    const writer = (n: number) => `
      const { writeQueue } = await import(${JSON.stringify(module)});
      const record = (id) => ({ id, ref: 'r', modelId: id, state: 'queued', files: [], totalBytes: null, receivedBytes: 0, bytesPerSecond: 0, etaSeconds: null, createdAt: 1, updatedAt: 1 });
      const mine = [];
      for (let i = 0; i < 20; i++) { mine.push(record('p${n}-' + i)); await writeQueue(${JSON.stringify(dir)}, mine); }`;
    await Promise.all(
      [0, 1, 2, 3].map(
        (n) =>
          new Promise<void>((resolve, reject) => {
            const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', writer(n)], { stdio: ['ignore', 'ignore', 'pipe'] });
            let stderr = '';
            child.stderr.on('data', (chunk) => (stderr += chunk));
            child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(stderr))));
          }),
      ),
    );
    assert.equal((await readQueue(dir)).length, 80);
  });

  it('reads a damaged file as an empty list, and writes over it', async () => {
    const dir = path.join(dataDir, 'damaged');
    await writeQueue(dir, []);
    await writeFile(queueFilePath(dir), '{"version": 1, "downloads": [');
    assert.deepEqual(await readQueue(dir), []);
    await writeQueue(dir, [record('x', 1)]);
    assert.deepEqual((await readQueue(dir)).map((r) => r.id), ['x']);
  });
});
