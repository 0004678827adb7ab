import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { runHearth, spawnHearthServer } from '../../test/spawnHearth.js';
import { startTestServer } from '../../test/startServer.js';
import { createLogger } from '../log.js';
import { listen } from '../serve.js';
import { createServices } from '../services.js';
import { assertSafeBinding, isLoopbackAddress, keysRequired, resolvesToLoopback, type ResolveHost } from './bindingPolicy.js';

describe('binding policy', () => {
  it('tells loopback addresses from the rest', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '[::1]', '::ffff:127.0.0.1']) assert.ok(isLoopbackAddress(address), address);
    for (const address of ['0.0.0.0', '::', '192.168.1.5', '10.0.0.1', '::ffff:10.0.0.1', 'localhost', '']) assert.ok(!isLoopbackAddress(address), address);
  });

  it('judges a host name by the addresses it resolves to, not by its name', async () => {
    const hosts: Record<string, string[]> = {
      localhost: ['192.168.1.5'],
      'app.localhost': ['127.0.0.1', '10.0.0.7'],
      'box.lan': ['127.0.0.1', '::1'],
    };
    const resolve: ResolveHost = async (host) => {
      const addresses = hosts[host];
      if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return addresses.map((address) => ({ address }));
    };
    assert.equal(await resolvesToLoopback('localhost', resolve), false, 'a localhost that resolves elsewhere is not loopback');
    assert.equal(await resolvesToLoopback('app.localhost', resolve), false, 'one address beyond loopback is enough');
    assert.equal(await resolvesToLoopback('box.lan', resolve), true);
    assert.equal(await resolvesToLoopback('gone.localhost', resolve), false, 'a name that does not resolve');
    for (const host of ['127.0.0.1', '[::1]']) assert.equal(await resolvesToLoopback(host, resolve), true, host);
    for (const host of ['0.0.0.0', '::', '']) assert.equal(await resolvesToLoopback(host, resolve), false, JSON.stringify(host));
    // This machine's own resolver: localhost is loopback here.
    assert.equal(await resolvesToLoopback('localhost'), true);
  });

  it('refuses to serve beyond loopback only with keys off', () => {
    assert.throws(() => assertSafeBinding({ host: '0.0.0.0', requireApiKeys: false }, { loopbackOnly: false }), /Refusing to listen on 0\.0\.0\.0/);
    assert.throws(() => assertSafeBinding({ host: 'localhost', requireApiKeys: false }, { loopbackOnly: false }), /Refusing to listen on localhost/);
    assertSafeBinding({ host: '0.0.0.0', requireApiKeys: true }, { loopbackOnly: false });
    assertSafeBinding({ host: '127.0.0.1', requireApiKeys: false }, { loopbackOnly: true });
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
    assert.equal(keysRequired({ requireApiKeys: false }, { loopbackOnly: true }), false);
    assert.equal(keysRequired({ requireApiKeys: false }, { loopbackOnly: false }), true);
    assert.equal(keysRequired({ requireApiKeys: true }, { loopbackOnly: true }), true);
  });

  it('follows where the server listens, not a host setting changed after it started', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-bind-'));
    const dataDir = path.join(root, 'd');
    try {
      // The host comes from settings.json (not a run-only override), so the running server can change it.
      await mkdir(dataDir, { recursive: true });
      await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ host: '0.0.0.0', gpu: false, requireApiKeys: true }));
      const services = await createServices({ dataDir, modelsDir: path.join(root, 'm'), logger: createLogger('silent'), overrides: { port: 0 } });
      const running = await listen(services);
      try {
        const url = `http://127.0.0.1:${running.port}`;
        assert.equal((await fetch(`${url}/v1/models`)).status, 401);
        // Moving the setting to loopback moves no socket: the server still listens on every interface.
        await services.settings.update({ host: '127.0.0.1', requireApiKeys: false });
        assert.equal((await fetch(`${url}/v1/models`)).status, 401, 'keys stay required on a socket bound beyond loopback');
      } finally {
        await running.close();
        await services.dispose();
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
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
