import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { webUiStaleReason } from './webUiBuild.mjs';

test('the web UI counts as stale when missing or older than a source, not after a test file changed', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-webui-build-'));
  t.after(() => rm(root, { recursive: true, force: true }));
  await mkdir(path.join(root, 'renderer', 'features'), { recursive: true });
  await mkdir(path.join(root, 'common'), { recursive: true });
  await writeFile(path.join(root, 'renderer', 'index.html'), '<div id="root"></div>');
  await writeFile(path.join(root, 'renderer', 'features', 'View.tsx'), 'export {}');
  await writeFile(path.join(root, 'common', 'shared.ts'), 'export {}');
  assert.equal(webUiStaleReason(root), 'the web UI has not been built yet');

  const built = path.join(root, 'dist', 'renderer', 'index.html');
  await mkdir(path.dirname(built), { recursive: true });
  await writeFile(built, 'built');
  const past = new Date(Date.now() - 60_000);
  for (const file of ['renderer/index.html', 'renderer/features/View.tsx', 'common/shared.ts']) await utimes(path.join(root, file), past, past);
  assert.equal(webUiStaleReason(root), null, 'current');

  await writeFile(path.join(root, 'renderer', 'features', 'View.test.tsx'), 'export {}');
  assert.equal(webUiStaleReason(root), null, 'a test is not part of the bundle');
  await writeFile(path.join(root, 'common', 'shared.ts'), 'export const changed = 1;');
  assert.equal(webUiStaleReason(root), 'its sources changed since the last build');

  // An installed package has dist/ and no sources: nothing to do.
  await rm(path.join(root, 'renderer'), { recursive: true });
  assert.equal(webUiStaleReason(root), null);
});
