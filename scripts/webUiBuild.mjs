// Keeps the web UI that `npm run serve` serves in step with the sources: built when dist/renderer is
// missing or older than any file it is built from, so the README's commands give a working UI.
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

/** What the renderer bundle is built from: its own folder, the shared code, and the dependencies. */
const sourceDirs = ['renderer', 'common'];
const sourceFiles = ['package-lock.json'];

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    // Tests are not part of the bundle; editing one must not cost a rebuild.
    else if (!/\.test\.tsx?$/.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/**
 * Why the built UI under `root` must be (re)built, or null when it is current or there is nothing to
 * build from (an installed package ships dist/ without the sources).
 */
export function webUiStaleReason(root) {
  if (!existsSync(path.join(root, 'renderer', 'index.html'))) return null;
  const built = path.join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(built)) return 'the web UI has not been built yet';
  const builtAt = statSync(built).mtimeMs;
  const sources = Math.max(
    ...sourceDirs.map((dir) => (existsSync(path.join(root, dir)) ? newestMtime(path.join(root, dir)) : 0)),
    ...sourceFiles.map((file) => (existsSync(path.join(root, file)) ? statSync(path.join(root, file)).mtimeMs : 0)),
  );
  return sources > builtAt ? 'its sources changed since the last build' : null;
}

/** Builds the web UI into dist/renderer with Vite (a dev dependency: without it, says how and goes on). */
export async function ensureWebUi(root, log = console.error) {
  const reason = webUiStaleReason(root);
  if (!reason) return false;
  let vite;
  try {
    vite = await import('vite');
  } catch {
    log(`The web UI needs building (${reason}), but Vite is not installed: run npm install, then npm run build.`);
    return false;
  }
  const started = Date.now();
  log(`Building the web UI (${reason})…`);
  await vite.build({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
  log(`Built the web UI in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}
