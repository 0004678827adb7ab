#!/usr/bin/env node
// Builds everything the desktop app and the web UI run from, into dist/:
//   dist/renderer/        the UI (Vite), served by the server at / and loaded by Electron
//   dist/main/index.js    Electron's main process
//   dist/main/cli.js      the headless server entry Electron forks (same code as npm run serve)
//   dist/main/programRunner.js  the entry of each helper program (speech, Whisper) the app starts for the server
//   dist/preload/index.cjs the preload (CommonJS: sandboxed preloads can't be ES modules)
// node-llama-cpp and LanceDB stay outside the bundles: they load native binaries
// from their own package folders, which electron-builder unpacks from the asar.
import { build as viteBuild } from 'vite';
import { build as esbuild } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(fileURLToPath(new URL('..', import.meta.url)));
const external = ['electron', 'node-llama-cpp', '@node-llama-cpp/*', '@lancedb/lancedb', '@lancedb/*'];
// Bundled CommonJS dependencies call require() for Node built-ins, which an ES module lacks.
const requireShim = "import { createRequire as __hearthCreateRequire } from 'node:module'; const require = __hearthCreateRequire(import.meta.url);";

const started = performance.now();
await viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root, external };
await Promise.all([
  esbuild({ ...common, entryPoints: { index: 'main/index.ts', cli: 'main/cli/index.ts', programRunner: 'main/shell/programRunner.ts' }, outdir: 'dist/main', format: 'esm', banner: { js: requireShim } }),
  esbuild({ ...common, entryPoints: ['preload/index.ts'], outfile: 'dist/preload/index.cjs', format: 'cjs', sourcemap: false }),
]);
console.log(`Built dist/ in ${Math.round(performance.now() - started)} ms`);
