#!/usr/bin/env node
// Rebuilds node-llama-cpp's native addon (only the addon, ~30 s) against its own prebuilt
// llama.cpp libraries, so that the patched AddonContext (patches/node-llama-cpp+*.patch) keeps
// a persistent ggml thread pool per context. The prebuilt addon has none: ggml then starts and
// joins fresh worker threads on every decode, which costs a third of decode speed on a 2-core
// CPU (docs/ENGINE.md). The result is written where node-llama-cpp looks for its own source
// builds (llama/localBuilds/<platform>-<arch>), which it prefers to the prebuilt binary for CPU
// inference; GPU backends keep their prebuilt binaries.
//
// Runs from postinstall. Any failure (no C++ compiler, no git, another platform) leaves the
// prebuilt binary in use and says so; it never fails the install. HEARTH_ENGINE_ADDON=prebuilt
// skips it; --force rebuilds even when the stamp says the build is current.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const log = (message) => console.log(`[engine addon] ${message}`);

/** A package's folder, found the way Node looks it up (its `exports` may hide package.json). */
function packageDir(name) {
  for (const dir of require.resolve.paths(name) ?? []) {
    if (existsSync(path.join(dir, name, 'package.json'))) return path.join(dir, name);
  }
  return null;
}

function hasCommand(command, args = ['--version']) {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** Every input of the build: a change to any of them (a new node-llama-cpp, a new patch) rebuilds. */
function buildStamp(addonDir, prebuiltDir) {
  const hash = createHash('sha256');
  const sources = readdirSync(addonDir, { recursive: true }).filter((f) => /\.(cpp|h)$/.test(f)).sort();
  for (const file of sources) hash.update(file).update(readFileSync(path.join(addonDir, file)));
  hash.update(readFileSync(path.join(prebuiltDir, '_nlcBuildMetadata.json')));
  hash.update(readFileSync(path.join(prebuiltDir, 'llama-addon.node')));
  return hash.digest('hex');
}

/** Compiles files with `jobs` compilers at once; rejects on the first failure with its output. */
function compileAll(files, argsFor, jobs) {
  return new Promise((resolve, reject) => {
    let next = 0;
    let running = 0;
    let failed = false;
    const startNext = () => {
      if (failed) return;
      if (next === files.length && running === 0) return resolve();
      while (running < jobs && next < files.length) {
        const file = files[next++];
        running++;
        const child = spawn('c++', argsFor(file), { stdio: ['ignore', 'ignore', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk) => (stderr += chunk));
        child.on('error', (error) => ((failed = true), reject(error)));
        child.on('exit', (code) => {
          running--;
          if (code !== 0) {
            failed = true;
            return reject(new Error(`c++ failed on ${path.basename(file)}:\n${stderr.slice(-4000)}`));
          }
          startNext();
        });
      }
    };
    startNext();
  });
}

async function main() {
  const force = process.argv.includes('--force');
  if (process.env.HEARTH_ENGINE_ADDON === 'prebuilt') return log('HEARTH_ENGINE_ADDON=prebuilt: keeping the prebuilt addon.');
  if (process.platform !== 'linux') return log(`no addon rebuild on ${process.platform} yet; the prebuilt addon is used.`);

  const folderName = `linux-${process.arch}`;
  const nlcDir = packageDir('node-llama-cpp');
  const prebuiltPackage = packageDir(`@node-llama-cpp/${folderName}`);
  const headersDir = packageDir('node-api-headers');
  const addonApiDir = packageDir('node-addon-api');
  if (!nlcDir || !prebuiltPackage || !headersDir || !addonApiDir) {
    return log(`node-llama-cpp's ${folderName} binaries or the Node-API headers are missing; the prebuilt addon is used.`);
  }
  const prebuiltDir = path.join(prebuiltPackage, 'bins', folderName);
  const addonDir = path.join(nlcDir, 'llama', 'addon');
  const localBuilds = path.join(nlcDir, 'llama', 'localBuilds');
  const outDir = path.join(localBuilds, folderName);
  const stampFile = path.join(outDir, 'hearthBuild.stamp');

  const stamp = buildStamp(addonDir, prebuiltDir);
  if (!force && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return log('up to date.');
  if (!hasCommand('c++') || !hasCommand('git')) {
    return log('no C++ compiler or git found; the prebuilt addon is used (decode is slower on CPU, see docs/ENGINE.md).');
  }

  const work = mkdtempSync(path.join(os.tmpdir(), 'hearth-addon-'));
  try {
    // The headers of the exact llama.cpp the prebuilt libraries were built from, from the bundle node-llama-cpp ships.
    const source = path.join(work, 'llama.cpp');
    execFileSync('git', ['clone', '--quiet', '--no-checkout', path.join(nlcDir, 'llama', 'gitRelease.bundle'), source]);
    execFileSync('git', ['-C', source, 'checkout', '--quiet', 'HEAD', '--', 'include', 'ggml/include', 'common', 'src', 'vendor']);

    const files = readdirSync(addonDir, { recursive: true }).filter((f) => f.endsWith('.cpp')).map((f) => path.join(addonDir, f));
    const objDir = path.join(work, 'obj');
    mkdirSync(objDir);
    const objectOf = (file) => path.join(objDir, path.relative(addonDir, file).replaceAll(path.sep, '_') + '.o');
    // The same definitions node-llama-cpp's CMakeLists.txt gives the addon with the shared, dynamically loaded backends.
    const flags = ['-O3', '-DNDEBUG', '-fPIC', '-std=c++17', '-fexceptions', '-DNAPI_VERSION=7', '-DGGML_SHARED', '-DGGML_BACKEND_SHARED', '-DLLAMA_SHARED', '-DGGML_BACKEND_DL'];
    const includes = [addonApiDir, path.join(headersDir, 'include'), source, path.join(source, 'common'), path.join(source, 'src'), path.join(source, 'include'), path.join(source, 'ggml', 'include'), path.join(source, 'vendor')];
    log(`compiling ${files.length} files…`);
    await compileAll(files, (file) => ['-c', ...flags, ...includes.map((dir) => `-I${dir}`), file, '-o', objectOf(file)], Math.max(1, os.availableParallelism()));

    // Link against the prebuilt libraries by their file names; they sit beside the addon at run time.
    // Staged beside its final place, so the last step is one rename on the same file system.
    mkdirSync(localBuilds, { recursive: true });
    const staged = path.join(localBuilds, `.${folderName}.staging`);
    rmSync(staged, { recursive: true, force: true });
    const releaseDir = path.join(staged, 'Release');
    cpSync(prebuiltDir, releaseDir, { recursive: true });
    const libs = readdirSync(prebuiltDir).filter((f) => /^lib(llama|ggml)[^/]*\.so/.test(f) && !f.startsWith('libggml-cpu'));
    execFileSync('c++', ['-shared', '-o', path.join(releaseDir, 'llama-addon.node'), ...files.map(objectOf), `-L${prebuiltDir}`, ...libs.map((lib) => `-l:${lib}`), "-Wl,-rpath,$ORIGIN"]);

    // Prove the new addon loads and runs before node-llama-cpp is allowed to find it.
    const check = spawnSync(process.execPath, ['-e', `const b = require(${JSON.stringify(path.join(releaseDir, 'llama-addon.node'))}); if (typeof b.AddonContext !== 'function') process.exit(3);`], { encoding: 'utf8' });
    if (check.status !== 0) throw new Error(`the rebuilt addon does not load: ${check.stderr.slice(-2000)}`);

    writeFileSync(path.join(staged, 'buildDone.status'), '');
    writeFileSync(path.join(staged, 'hearthBuild.stamp'), stamp);
    rmSync(outDir, { recursive: true, force: true });
    renameSync(staged, outDir);
    log(`built ${path.relative(process.cwd(), outDir)} (persistent ggml thread pool).`);
  } catch (error) {
    rmSync(outDir, { recursive: true, force: true });
    rmSync(path.join(localBuilds, `.${folderName}.staging`), { recursive: true, force: true });
    log(`rebuild failed; the prebuilt addon is used. ${error instanceof Error ? error.message : error}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
