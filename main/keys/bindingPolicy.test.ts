import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runHearth } from '../../test/spawnHearth.js';
import { assertSafeBinding, isLoopbackHost } from './bindingPolicy.js';

describe('binding policy', () => {
  it('tells loopback addresses from the rest', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'app.localhost', '::ffff:127.0.0.1']) assert.ok(isLoopbackHost(host), host);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'box.lan', '10.0.0.1', '']) assert.ok(!isLoopbackHost(host), host);
  });

  it('refuses to serve beyond loopback only with keys off', () => {
    assert.throws(() => assertSafeBinding({ host: '0.0.0.0', requireApiKeys: false }), /Refusing to listen on 0\.0\.0\.0/);
    assertSafeBinding({ host: '0.0.0.0', requireApiKeys: true });
    assertSafeBinding({ host: '127.0.0.1', requireApiKeys: false });
  });

  it('makes `hearth serve --host 0.0.0.0 --no-auth` exit with the reason', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-bind-'));
    try {
      const result = await runHearth(['serve', '--host', '0.0.0.0', '--port', '0', '--no-auth', '--data-dir', path.join(root, 'd'), '--models-dir', path.join(root, 'm')]);
      assert.equal(result.code, 1);
      assert.match(result.stderr, /Refusing to listen on 0\.0\.0\.0 with API keys turned off/);
      assert.doesNotMatch(result.stdout, /listening/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
