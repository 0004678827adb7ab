import assert from 'node:assert/strict';
import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApiKeyStore } from './ApiKeyStore.js';
import { keySecret } from './hashKey.js';

let dir: string;
const stores: ApiKeyStore[] = [];
async function open(watch = false): Promise<ApiKeyStore> {
  const store = await ApiKeyStore.open(dir, { watch });
  stores.push(store);
  return store;
}

/** Polls until the condition holds or the time is up; returns how long it took. */
async function within(ms: number, condition: () => boolean): Promise<number> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) assert.fail(`condition not met within ${ms} ms`);
    await sleep(20);
  }
  return Date.now() - start;
}

describe('ApiKeyStore', () => {
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-keys-'));
  });
  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a key that authenticates, with the secret returned only once', async () => {
    const store = await open();
    const created = await store.create({ alias: 'script', role: 'admin' });
    assert.match(created.key, /^hearth_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    assert.equal(created.prefix, `hearth_${created.id}`);
    assert.deepEqual(store.authenticate(created.key), { id: created.id, alias: 'script', role: 'admin', rateLimit: null });

    const listed = JSON.stringify(store.list());
    const secret = created.key.slice(created.prefix.length + 1);
    assert.ok(!listed.includes(secret));
    assert.ok(!('key' in store.list()[0]!));
  });

  it('keeps neither the secret nor a reversible form of it on disk', async () => {
    const store = await open();
    const created = await store.create({ alias: 'a' });
    store.recordUsage(created.id, { promptTokens: 3 });
    await store.close();
    // Not split('_'): the base64url secret may itself contain '_', and a short fragment can occur anywhere by chance.
    const secret = created.key.slice(created.prefix.length + 1);
    assert.ok(secret.length >= 22, 'at least 128 bits of secret');
    const forms = [secret, Buffer.from(secret, 'base64url').toString('hex'), Buffer.from(secret, 'base64url').toString('base64')];
    for (const name of await readdir(dir)) {
      const text = await readFile(path.join(dir, name), 'utf8');
      for (const form of forms) assert.ok(!text.includes(form), `${name} contains the secret`);
    }
  });

  it('refuses unknown ids, wrong secrets, malformed, revoked and expired keys alike', async () => {
    const store = await open();
    const good = await store.create({ alias: 'good' });
    const revoked = await store.create({ alias: 'revoked' });
    await store.revoke(revoked.id);
    const expired = await store.create({ alias: 'old', expiresAt: new Date(Date.now() - 1000).toISOString() });
    const wrongSecret = `${good.prefix}_${'A'.repeat(43)}`;
    const unknownId = `hearth_0000000000000000_${keySecret(good.key)}`;
    for (const key of [wrongSecret, unknownId, 'hearth_nope', '', revoked.key, expired.key]) {
      assert.equal(store.authenticate(key), null, key);
    }
    assert.deepEqual(
      store.list().map((key) => [key.alias, key.status]),
      [['good', 'active'], ['revoked', 'revoked'], ['old', 'expired']],
    );
  });

  it('deletes keys and reports unknown ids', async () => {
    const store = await open();
    const created = await store.create({ alias: 'a' });
    await store.delete(created.id);
    assert.equal(store.authenticate(created.key), null);
    assert.deepEqual(store.list(), []);
    await assert.rejects(store.revoke(created.id), { status: 404 });
  });

  it('sees keys created and revoked by another process within a second', async () => {
    const server = await open(true);
    const cli = await open();
    const created = await cli.create({ alias: 'from-cli' });
    await within(1000, () => server.authenticate(created.key) !== null);
    await cli.revoke(created.id);
    await within(1000, () => server.authenticate(created.key) === null);
  });

  it('reads past a record cut short by a crash and keeps later ones', async () => {
    const first = await open();
    const a = await first.create({ alias: 'a' });
    // What a writer killed in the middle of a write leaves: half a line, no newline.
    await appendFile(first.journalFile, '{"op":"create","id":"00112233445');
    const b = await first.create({ alias: 'b' });
    const reopened = await open();
    assert.ok(reopened.authenticate(a.key));
    assert.ok(reopened.authenticate(b.key));
  });

  it('keeps usage counts across restarts', async () => {
    const store = await open();
    const created = await store.create({ alias: 'a' });
    store.recordUsage(created.id, { promptTokens: 5, completionTokens: 7 });
    store.recordUsage(created.id, { promptTokens: 1 });
    await store.close();
    const reopened = await open();
    const [summary] = reopened.list();
    assert.equal(summary?.requests, 2);
    assert.equal(summary?.promptTokens, 6);
    assert.equal(summary?.completionTokens, 7);
    assert.ok(summary?.lastUsedAt);
  });

  it('validates what it is given', async () => {
    const store = await open();
    await assert.rejects(store.create({ alias: '  ' }));
    await assert.rejects(store.create({ alias: 'x', role: 'root' as 'admin' }));
  });
});
