#!/usr/bin/env node
// npm start: builds dist/ and opens the desktop app. Without an Electron runtime
// it says how to get one and points to the headless server, which needs none.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { findElectron } from './electronRuntime.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { executable, reason } = findElectron();
if (!executable) {
  console.error(`Can't open the desktop app: ${reason}.`);
  console.error('The same server and UI run without Electron: npm run serve, then open http://127.0.0.1:9642');
  process.exit(1);
}

await import('./build.mjs');
const child = spawn(executable, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
