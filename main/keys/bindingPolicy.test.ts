import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runHearth, spawnHearthServer } from '../../test/spawnHearth.js';
import { startTestServer } from '../../test/startServer.js';
import { assertSafeBinding, isLoopbackHost, keysRequired } from './bindingPolicy.js';

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

describe('keys off while running', () => {
  it('is honoured on loopback only', () => {
    assert.equal(keysRequired({ host: '127.0.0.1', requireApiKeys: false }), false);
    assert.equal(keysRequired({ host: '0.0.0.0', requireApiKeys: false }), true);
    assert.equal(keysRequired({ host: '192.168.1.5', requireApiKeys: true }), true);
  });

  it('keeps a server listening beyond loopback requiring keys when the setting is turned off', async () => {
    const server = await startTestServer({ host: '0.0.0.0', settings: { requireApiKeys: true } });
    try {
      const url = server.url.replace('0.0.0.0', '127.0.0.1');
      assert.equal((await fetch(`${url}/v1/models`)).status, 401);
      await server.services.settings.update({ requireApiKeys: false });
      assert.equal(server.services.settings.get().requireApiKeys, false);
      assert.equal((await fetch(`${url}/v1/models`)).status, 401, 'still refused without a key');
      assert.equal((await fetch(`${url}/api/tags`)).status, 401);
    } finally {
      await server.close();
    }
  });

  it('turns keys off at once on a loopback server', async () => {
    const server = await startTestServer({ settings: { requireApiKeys: true } });
    try {
      assert.equal((await fetch(`${server.url}/v1/models`)).status, 401);
      await server.services.settings.update({ requireApiKeys: false });
      assert.equal((await fetch(`${server.url}/v1/models`)).status, 200);
    } finally {
      await server.close();
    }
  });
});

describe('HEARTH_REQUIRE_API_KEYS', () => {
  const dirs = async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-env-'));
    return { root, args: ['--data-dir', path.join(root, 'd'), '--models-dir', path.join(root, 'm')] };
  };

  it('=0 turns keys off: a loopback server serves without a key, and listening beyond loopback is refused', async () => {
    const { root, args } = await dirs();
    try {
      const refused = await runHearth(['serve', '--host', '0.0.0.0', '--port', '0', ...args], { HEARTH_REQUIRE_API_KEYS: '0' });
      assert.equal(refused.code, 1);
      assert.match(refused.stderr, /Refusing to listen on 0\.0\.0\.0 with API keys turned off/);
      const open = await spawnHearthServer(args, 60_000, { HEARTH_REQUIRE_API_KEYS: '0' });
      try {
        assert.equal((await fetch(`${open.url}/v1/models`)).status, 200);
      } finally {
        await open.killHard();
      }
      const guarded = await spawnHearthServer(args);
      try {
        assert.equal((await fetch(`${guarded.url}/v1/models`)).status, 401, 'keys are required without it');
      } finally {
        await guarded.killHard();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });

  it('is refused when it is not a yes or no', async () => {
    const { root, args } = await dirs();
    try {
      const result = await runHearth(['serve', '--port', '0', ...args], { HEARTH_REQUIRE_API_KEYS: 'maybe' });
      assert.equal(result.code, 1);
      assert.match(result.stderr, /HEARTH_REQUIRE_API_KEYS must be true or false, not 'maybe'/);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
