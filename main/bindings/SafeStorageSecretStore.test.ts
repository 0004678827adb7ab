import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { MessageChannel } from 'node:worker_threads';
import type { BindingSummary } from '../../common/bindings.js';
import type { HearthError } from '../../common/errors.js';
import { runHearth } from '../../test/spawnHearth.js';
import { testEncryption } from '../../test/testEncryption.js';
import { forkNodeRunner } from '../shell/forkNodeRunner.js';
import { portLink } from '../../test/portLink.js';
import { serveShell } from '../shell/serveShell.js';
import { ShellClient } from '../shell/ShellClient.js';
import { SafeStorageSecretStore, type SecretEncryption } from './SafeStorageSecretStore.js';
import { FileSecretStore } from './SecretStore.js';

/** A data dir, and the encryption as the server sees it: the shell's, over the message protocol (shellMessages.ts). */
async function setup(t: TestContext, encryption: SecretEncryption) {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-secrets-'));
  const { port1, port2 } = new MessageChannel();
  const shell = serveShell(portLink(port2), { launchRunner: forkNodeRunner('unused'), encryption });
  t.after(async () => {
    shell.close();
    port1.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const encryptedFile = path.join(dataDir, 'binding-keys.encrypted.json');
  return {
    dataDir,
    remote: new ShellClient(portLink(port1)).encryption,
    encrypted: async () => JSON.parse(await readFile(encryptedFile, 'utf8').catch(() => '{}')) as Record<string, string>,
    plaintext: () => new FileSecretStore(dataDir).all(),
    encryptedFile,
  };
}

test('keys are kept encrypted by the shell, 0600, and read back', async (t) => {
  const stand = testEncryption();
  const { dataDir, remote, encrypted, plaintext, encryptedFile } = await setup(t, stand.encryption);
  const store = await SafeStorageSecretStore.open(dataDir, remote);
  assert.equal(store.kind, 'safeStorage');
  await store.set('b_one', 'sk-one-secret');
  await store.set('b_two', 'sk-two-secret');
  assert.equal(await store.get('b_one'), 'sk-one-secret');
  assert.equal(await store.has('b_two'), true);
  assert.equal(await store.get('b_none'), null);

  const onDisk = await readFile(encryptedFile, 'utf8');
  assert.doesNotMatch(onDisk, /secret/, 'no key in the clear');
  assert.equal(await stand.open((await encrypted()).b_two!), 'sk-two-secret', 'what is stored is the shell’s encryption of the key');
  assert.deepEqual(await plaintext(), {});
  if (process.platform !== 'win32') assert.equal((await stat(encryptedFile)).mode & 0o777, 0o600);

  // A new store (the next start) decrypts through the shell, once per key.
  const reopened = await SafeStorageSecretStore.open(dataDir, remote);
  const before = stand.calls.decrypt;
  assert.equal(await reopened.get('b_two'), 'sk-two-secret');
  assert.equal(await reopened.get('b_two'), 'sk-two-secret');
  assert.equal(stand.calls.decrypt - before, 1);

  await reopened.delete('b_one');
  assert.equal(await reopened.has('b_one'), false);
  assert.deepEqual(Object.keys(await encrypted()), ['b_two']);
});

test('plaintext keys are taken in: at the start, and those the CLI writes while running; they win over older encrypted ones', async (t) => {
  const stand = testEncryption();
  const { dataDir, remote, encrypted, plaintext } = await setup(t, stand.encryption);
  const first = await SafeStorageSecretStore.open(dataDir, remote);
  await first.set('b_old', 'sk-encrypted-before');
  // Written while the keyring was away (the 0600 file was the store then).
  await writeFile(path.join(dataDir, 'binding-keys.json'), JSON.stringify({ b_old: 'sk-newer-plain', b_plain: 'sk-plain' }));

  const store = await SafeStorageSecretStore.open(dataDir, remote);
  assert.deepEqual(await plaintext(), {}, 'moved out of the plaintext file at open');
  assert.equal(await store.get('b_old'), 'sk-newer-plain');
  assert.equal(await store.get('b_plain'), 'sk-plain');
  assert.equal(await stand.open((await encrypted()).b_plain!), 'sk-plain');

  // `hearth bindings add --api-key …` writes the plaintext file while the app runs.
  await new FileSecretStore(dataDir).set('b_cli', 'sk-from-cli');
  assert.equal(await store.has('b_cli'), true);
  assert.equal(await store.get('b_cli'), 'sk-from-cli');
  assert.deepEqual(await plaintext(), {});
});

test('without encryption (Linux with no keyring) the store is the 0600 file, and encrypted keys wait for the keyring', async (t) => {
  const stand = testEncryption();
  const { dataDir, remote, encrypted, plaintext } = await setup(t, stand.encryption);
  await (await SafeStorageSecretStore.open(dataDir, remote)).set('b_kept', 'sk-kept');

  const away = await setup(t, testEncryption({ available: false }).encryption);
  const fallback = await SafeStorageSecretStore.open(dataDir, away.remote);
  assert.equal(fallback.kind, 'file');
  assert.ok(fallback instanceof FileSecretStore);
  await fallback.set('b_meanwhile', 'sk-meanwhile');
  assert.deepEqual(await plaintext(), { b_meanwhile: 'sk-meanwhile' });
  assert.deepEqual(Object.keys(await encrypted()), ['b_kept'], 'the encrypted keys are left alone');

  const back = await SafeStorageSecretStore.open(dataDir, remote);
  assert.equal(await back.get('b_kept'), 'sk-kept');
  assert.equal(await back.get('b_meanwhile'), 'sk-meanwhile');
  assert.deepEqual(await plaintext(), {});
});

test('a key the keyring asks to encrypt again is rewritten; a blob it cannot open and a failing shell say so', async (t) => {
  const stand = testEncryption();
  const { dataDir, remote, encrypted } = await setup(t, stand.encryption);
  const store = await SafeStorageSecretStore.open(dataDir, remote);
  await store.set('b_rot', 'sk-rotating');
  const blob = (await encrypted()).b_rot!;
  stand.rotate();
  const reopened = await SafeStorageSecretStore.open(dataDir, remote);
  assert.equal(await reopened.get('b_rot'), 'sk-rotating');
  assert.notEqual((await encrypted()).b_rot, blob, 'encrypted again under the new key');
  assert.equal(await stand.open((await encrypted()).b_rot!), 'sk-rotating');

  const tampered = Buffer.from(blob, 'base64');
  tampered[tampered.length - 1]! ^= 1;
  await writeFile(path.join(dataDir, 'binding-keys.encrypted.json'), JSON.stringify({ b_rot: tampered.toString('base64') }));
  await assert.rejects(reopened.get('b_rot'), /The key of binding b_rot could not be decrypted by the system keyring \(.*\); enter it again/);

  const broken = await setup(t, { ...stand.encryption, encrypt: async () => Promise.reject(new Error('keyring locked')) });
  const failing = await SafeStorageSecretStore.open(broken.dataDir, broken.remote);
  await assert.rejects(failing.set('b_x', 'sk'), /The desktop shell could not encrypt: keyring locked/);
  assert.equal(await failing.has('b_x'), false, 'a key that could not be encrypted is not kept');
});

test('a key the desktop app encrypted: the CLI lists it as kept there, and a process without the keyring says so', async (t) => {
  const stand = testEncryption();
  const { dataDir, plaintext } = await setup(t, stand.encryption);
  const hearth = (args: string[]) => runHearth(['bindings', ...args, '--data-dir', dataDir]);
  const added = await hearth(['add', '--name', 'sealed', '--kind', 'openai', '--url', 'http://127.0.0.1:9/v1', '--model', 'm', '--api-key', 'sk-sealed-secret', '--json']);
  assert.equal(added.code, 0, added.stderr);
  const { id } = JSON.parse(added.stdout) as BindingSummary;
  // The desktop app opens the data dir: the CLI's plaintext key is taken in, encrypted.
  const app = await SafeStorageSecretStore.open(dataDir, stand.encryption);
  assert.equal(await app.get(id), 'sk-sealed-secret');
  assert.deepEqual(await plaintext(), {});

  const listed = JSON.parse((await hearth(['list', '--json'])).stdout) as BindingSummary[];
  assert.equal(listed[0]?.hasApiKey, true);
  assert.equal(listed[0]?.keyStorage, 'safeStorage');
  assert.match((await hearth(['list'])).stdout, new RegExp(`${id}\\s+sealed.*safeStorage`));

  const withoutKeyring = new FileSecretStore(dataDir);
  assert.equal(await withoutKeyring.has(id), true);
  await assert.rejects(withoutKeyring.get(id), (error: HearthError) => error.status === 503 && error.code === 'binding_key_sealed' && /system keyring/.test(error.message));
  const tested = await hearth(['test', id]);
  assert.equal(tested.code, 1);
  assert.match(tested.stdout + tested.stderr, /encrypted by the desktop app's system keyring/);
});
