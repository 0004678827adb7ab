import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { buildApp } from './build.js';
import { repoRoot } from './fixtures.js';

// The desktop app forks dist/main/cli.js, the bundled server, in a utility process; this runs that
// very file under plain Node, so a bundling mistake fails here even where no Electron runtime exists.
test('the bundled server entry Electron forks serves the API and the built UI', async (t) => {
  buildApp();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hearth-bundle-'));
  t.after(() => rm(dataDir, { recursive: true, force: true }));
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'main', 'cli.js'), 'serve', '--port', '0', '--no-auth', '--data-dir', dataDir], {
    cwd: os.tmpdir(), // not the repo: the bundle must find everything from its own location
    env: { ...process.env, UV_THREADPOOL_SIZE: '1', HEARTH_GPU: 'false', HEARTH_LOG_LEVEL: 'warn', HEARTH_WEBUI_DIR: path.join(repoRoot, 'dist', 'renderer') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (data: Buffer) => {
      output += data.toString();
      const match = /Hearth listening on (\S+)/.exec(output);
      if (match) resolve(match[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the bundled server exited with ${code}:\n${output}`)));
  });
  const health = await (await fetch(`${url}/health`)).json();
  assert.equal(health.status, 'healthy');
  const models = await (await fetch(`${url}/v1/models`)).json();
  assert.equal(models.object, 'list');
  const page = await fetch(url);
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /script-src 'self'/);
  assert.match(await page.text(), /<div id="root">/);
});
