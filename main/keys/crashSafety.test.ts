import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { runHearth, spawnHearthServer, type SpawnedServer } from '../../test/spawnHearth.js';
import { keySecret } from './hashKey.js';

async function within(ms: number, check: () => Promise<boolean>): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) assert.fail(`not within ${ms} ms`);
    await sleep(25);
  }
}

const statusWith = async (url: string, key: string) => (await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${key}` } })).status;

/** A second writer in its own process, as the CLI is: creates keys in a loop and prints each once it is acknowledged. */
const cliWriterSource = `
const { ApiKeyStore } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'ApiKeyStore.ts'))});
const store = await ApiKeyStore.open(process.argv[1]);
for (let i = 0; ; i++) {
  const created = await store.create({ alias: 'cli-' + i });
  process.stdout.write(JSON.stringify({ key: created.key }) + '\\n');
}`;

describe('keys across processes and crashes', () => {
  const servers: SpawnedServer[] = [];
  let root: string;
  after(async () => {
    await Promise.all(servers.map((server) => server.killHard()));
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('survives kill -9 during key creation: every printed key works after a restart', async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hearth-crash-'));
    const args = ['--data-dir', path.join(root, 'data'), '--models-dir', path.join(root, 'models')];
    const first = await spawnHearthServer(args);
    servers.push(first);
    // The first start without any key says how to make one.
    await within(5000, async () => /keys create --alias/.test(first.stdout()));

    // A key made by the CLI works in the running server within a second.
    const made = await runHearth(['keys', 'create', '--alias', 'ops', '--role', 'admin', '--rpm', '100000', '--burst', '100000', '--json', ...args.slice(0, 2)]);
    assert.equal(made.code, 0, made.stderr);
    const admin = JSON.parse(made.stdout) as { id: string; key: string; alias: string };
    assert.equal(admin.alias, 'ops');
    await within(1000, async () => (await statusWith(first.url, admin.key)) === 200);

    const acknowledged: string[] = [];
    const cli = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', cliWriterSource, path.join(root, 'data')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let cliOut = '';
    cli.stdout.on('data', (chunk) => (cliOut += chunk));
    const cliExited = new Promise((resolve) => cli.once('close', resolve));

    let crashed = false;
    const worker = async () => {
      while (!crashed) {
        try {
          const response = await fetch(`${first.url}/v1/admin/keys`, {
            method: 'POST',
            headers: { authorization: `Bearer ${admin.key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ alias: `http-${acknowledged.length}` }),
          });
          if (response.status === 201) acknowledged.push(((await response.json()) as { key: string }).key);
        } catch {
          // The connection died with the server: that request was never acknowledged.
        }
      }
    };
    const workers = Promise.all([worker(), worker(), worker()]);
    await within(30_000, async () => acknowledged.length >= 30 && cliOut.split('\n').length > 10);
    await first.killHard();
    cli.kill('SIGKILL');
    crashed = true;
    await Promise.all([workers, cliExited]);
    // Only complete lines were printed, so only those keys were acknowledged.
    for (const line of cliOut.split('\n').slice(0, -1)) acknowledged.push((JSON.parse(line) as { key: string }).key);
    assert.ok(acknowledged.length >= 40, `${acknowledged.length} keys`);

    const second = await spawnHearthServer(args);
    servers.push(second);
    assert.doesNotMatch(second.stdout(), /none exists yet/);
    const failures: string[] = [];
    for (const key of acknowledged) if ((await statusWith(second.url, key)) !== 200) failures.push(key);
    assert.deepEqual(failures, [], `${failures.length} of ${acknowledged.length} acknowledged keys were lost`);

    // Revoking from the CLI takes effect in the running server within a second.
    const revoked = await runHearth(['keys', 'revoke', admin.id, ...args.slice(0, 2)]);
    assert.equal(revoked.code, 0, revoked.stderr);
    await within(1000, async () => (await statusWith(second.url, admin.key)) === 401);

    const listed = await runHearth(['keys', 'list', '--json', ...args.slice(0, 2)]);
    const keys = JSON.parse(listed.stdout) as Array<{ id: string; status: string; key?: string }>;
    assert.equal(keys.find((key) => key.id === admin.id)?.status, 'revoked');
    assert.ok(keys.length >= acknowledged.length + 1);
    assert.ok(!listed.stdout.includes(keySecret(admin.key)!));
  });
});
