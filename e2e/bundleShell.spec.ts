import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { testEncryption } from '../test/testEncryption.js';
import { forkNodeRunner } from '../main/shell/forkNodeRunner.js';
import { forkNodeServer } from '../main/shell/forkNodeServer.js';
import { ServerProcess } from '../main/shell/ServerProcess.js';
import { buildApp } from './build.js';
import { repoRoot } from './fixtures.js';

// The packaged app forks dist/main/cli.js and, for each helper program, dist/main/programRunner.js in utility
// processes; this runs those very bundles under plain Node (no tsx), joined as main/index.ts joins them, so a
// bundling mistake in the relay fails here even where no Electron runtime exists.
test('the bundled server speaks through the bundled program runner the shell starts', async (t) => {
  buildApp();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-bundle-shell-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  let runners = 0;
  const launchRunner = forkNodeRunner(path.join(repoRoot, 'dist', 'main', 'programRunner.js'), []);
  const server = new ServerProcess({
    fork: forkNodeServer(path.join(repoRoot, 'dist', 'main', 'cli.js'), [], {
      launchRunner: () => (runners++, launchRunner()),
      encryption: testEncryption().encryption,
    }),
    args: ['serve', '--no-auth'],
    env: { ...process.env, HEARTH_DATA_DIR: dataDir, HEARTH_PORT: '0', HEARTH_GPU: 'false', HEARTH_LOG_LEVEL: 'warn', HEARTH_PROGRAM_NODE: '' },
  });
  t.after(() => server.stop());
  const status = await server.start();
  assert.equal(status.state, 'running', status.error);
  const response = await fetch(`${status.url}/v1/audio/speech`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tts-1', voice: 'alloy', input: 'Spoken by the bundled runner.', response_format: 'mp3' }) });
  assert.equal(response.status, 200, await response.clone().text());
  const mp3 = Buffer.from(await response.arrayBuffer());
  assert.ok(mp3.length > 2_000, `mp3 audio, got ${mp3.length} bytes`);
  // espeak-ng, then the encoder: two programs, each in a runner of the shell's.
  assert.ok(runners >= 2, `${runners} runners started`);
});
