import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startHfMirror, type HfMirror } from '../../test/fixtures/hfMirror.js';
import { runHearth } from '../../test/spawnHearth.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';

const hasOpenssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// A download from any https URL, through a real TLS server whose certificate the client trusts
// through NODE_EXTRA_CA_CERTS, as a company CA would be trusted; and refused when it doesn't.
describe('downloads over https', { skip: !hasOpenssl ? 'needs the openssl command to make a certificate' : missingTestModels([testModels.tiny]) }, () => {
  let root: string;
  let mirror: HfMirror;
  let certFile: string;
  before(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'hearth-https-'));
    certFile = path.join(root, 'cert.pem');
    const keyFile = path.join(root, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    mirror = await startHfMirror({}, { tls: { key: await readFile(keyFile), cert: await readFile(certFile) } });
    mirror.addPlainFile('story-Q8_0.gguf', await readFile(testModelPath(testModels.tiny)));
  });
  after(async () => {
    await mirror?.close();
    await rm(root, { recursive: true, force: true });
  });

  const pull = (dataDir: string, env: Record<string, string>) => runHearth(['models', 'pull', `${mirror.url}/files/story-Q8_0.gguf`, '--data-dir', dataDir], env);

  it('completes from a server with a trusted certificate, verified and listed', async () => {
    const dataDir = path.join(root, 'trusted');
    const result = await pull(dataDir, { NODE_EXTRA_CA_CERTS: certFile });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Pulled story-Q8_0/);
    assert.ok(existsSync(path.join(dataDir, 'models', 'story-Q8_0.gguf')));
    const listed = JSON.parse((await runHearth(['models', 'list', '--json', '--data-dir', dataDir])).stdout) as Array<{ id: string; architecture: string }>;
    assert.equal(listed[0]?.id, 'story-Q8_0');
  });

  it('fails with a clear error, and lists nothing, when the certificate is not trusted', async () => {
    const dataDir = path.join(root, 'untrusted');
    const result = await pull(dataDir, {});
    assert.notEqual(result.code, 0);
    // Said once, with what to do, and not retried: the certificate would be refused on every try.
    assert.match(result.stderr, /TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted: self-signed certificate.*NODE_EXTRA_CA_CERTS/);
    assert.ok(!existsSync(path.join(dataDir, 'models', 'story-Q8_0.gguf')));
  });
});
