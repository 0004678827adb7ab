import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ApiKeyStore } from '../keys/ApiKeyStore.js';
import { keysCommand } from './keysCommand.js';
import { runHearth } from '../../test/spawnHearth.js';
import { keySecret } from '../keys/hashKey.js';

describe('hearth keys', () => {
  let dataDir: string;
  before(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-cli-'));
  });
  after(() => rm(dataDir, { recursive: true, force: true }));
  const keys = (...args: string[]) => runHearth(['keys', ...args, '--data-dir', dataDir]);

  it('creates a key, prints it once, and lists it without the secret', async () => {
    const created = await keys('create', '--alias', 'laptop', '--rpm', '30', '--expires-in-days', '7');
    assert.equal(created.code, 0, created.stderr);
    const key = /hearth_[0-9a-f]{16}_[A-Za-z0-9_-]{43}/.exec(created.stdout)?.[0];
    assert.ok(key, created.stdout);
    assert.match(created.stdout, /not shown again/);

    const json = await keys('create', '--alias', 'ci', '--role', 'admin', '--json');
    const parsed = JSON.parse(json.stdout) as { id: string; alias: string; key: string; role: string };
    assert.deepEqual(Object.keys(parsed).sort(), ['alias', 'id', 'key', 'role']);
    assert.equal(parsed.role, 'admin');

    const listed = await keys('list');
    assert.equal(listed.code, 0);
    assert.match(listed.stdout, /laptop\s+user\s+active/);
    assert.match(listed.stdout, /ci\s+admin\s+active/);
    for (const secret of [keySecret(key)!, keySecret(parsed.key)!]) assert.ok(!listed.stdout.includes(secret));

    const store = await ApiKeyStore.open(dataDir);
    const laptop = store.authenticate(key);
    assert.deepEqual(laptop?.rateLimit, { requestsPerMinute: 30 });
    assert.ok(store.list().find((entry) => entry.alias === 'laptop')?.expiresAt);
    await store.close();
  });

  it('revokes and deletes by id and says so when the id is unknown', async (t) => {
    // In-process to keep the suite fast; the spawned runs above cover the launcher.
    const printed = t.mock.method(console, 'log', () => {});
    const run = (...args: string[]) => keysCommand([...args, '--data-dir', dataDir]);
    await run('create', '--alias', 'temp', '--json');
    const { id } = JSON.parse(String(printed.mock.calls.at(-1)!.arguments[0])) as { id: string };
    await run('revoke', id);
    await run('list', '--json');
    const listed = JSON.parse(String(printed.mock.calls.at(-1)!.arguments[0])) as Array<{ id: string; status: string }>;
    assert.equal(listed.find((entry) => entry.id === id)?.status, 'revoked');
    await run('delete', id);
    await assert.rejects(run('revoke', id), /No API key with id/);
    await assert.rejects(run('create'), /--alias NAME/);
    await assert.rejects(run('create', '--alias', 'x', '--role', 'root'), /role/);
  });
});
