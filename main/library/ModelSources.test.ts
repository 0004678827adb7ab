import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ModelSources } from './ModelSources.js';

const source = (n: number) => ({ sha256: String(n).repeat(64).slice(0, 64), ref: `hf:test/repo/m${n}.gguf`, url: `https://example.invalid/m${n}.gguf`, downloadedAt: n });

// Two instances on one data dir stand for the app and `hearth models pull`: each keeps its own copy in memory.
describe('model-sources.json shared by two processes', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-sources-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));

  it("keeps both writers' entries and shows each one the other's", async () => {
    const app = await ModelSources.open(dataDir);
    const cli = await ModelSources.open(dataDir);
    await Promise.all([app.set('a.gguf', source(1)), cli.set('b.gguf', source(2))]);
    await app.set('c.gguf', source(3));
    assert.equal((await app.get('b.gguf'))?.ref, 'hf:test/repo/m2.gguf', "the app sees the CLI's pull");
    assert.equal((await cli.get('c.gguf'))?.ref, 'hf:test/repo/m3.gguf');
    await cli.delete('a.gguf');
    assert.equal(await app.get('a.gguf'), undefined, 'a delete elsewhere is seen too');
    const reopened = await ModelSources.open(dataDir);
    assert.deepEqual([await reopened.get('a.gguf'), (await reopened.get('b.gguf'))?.sha256, (await reopened.get('c.gguf'))?.sha256], [undefined, source(2).sha256, source(3).sha256]);
  });
});
