#!/usr/bin/env node
// Launcher for every Hearth command. It starts the real process with an
// environment the engine needs: node-llama-cpp's prebuilt CPU binaries start
// fresh spin-waiting threads on each token, and with libuv's default four
// pool threads the kernel often stacks them on one core (docs/ENGINE.md).
// UV_THREADPOOL_SIZE is read once, before any module code runs, so it must be
// set by whoever starts Node: this launcher, the Electron shell, or the tests.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// `bench` is a development tool that lives outside main/; everything else is the CLI.
const [command] = process.argv.slice(2);
const entry = fileURLToPath(new URL(command === 'bench' ? '../bench/run.ts' : '../main/cli/index.ts', import.meta.url));
const tsx = import.meta.resolve('tsx');
const env = { ...process.env, UV_THREADPOOL_SIZE: process.env.UV_THREADPOOL_SIZE ?? '1' };

const args = command === 'bench' ? process.argv.slice(3) : process.argv.slice(2);

// `npm run serve` serves the web UI from dist/renderer: build it first when it is missing or stale, so the
// README's commands give a working UI. A UI given with HEARTH_WEBUI_DIR is the caller's to build.
if (command === 'serve' && !process.env.HEARTH_WEBUI_DIR && !args.includes('--help') && !args.includes('-h')) {
  const { ensureWebUi } = await import('../scripts/webUiBuild.mjs');
  await ensureWebUi(fileURLToPath(new URL('..', import.meta.url))).catch((error) => console.error(`The web UI could not be built: ${error.message}. The API is served all the same.`));
}
const child = spawn(process.execPath, ['--import', tsx, entry, ...args], { stdio: 'inherit', env });
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const forward = (signal) => {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
};
for (const signal of stopSignals) process.on(signal, () => forward(signal));

// `npm run serve` runs `sh -c "node bin/hearth.mjs serve"`. npm passes a SIGTERM or SIGINT it gets on to
// that sh only, and dash neither execs the command nor passes signals on: it dies and leaves this launcher
// and the server running, orphaned. So under npm, losing the parent means we were told to stop.
let watchParent;
if (process.env.npm_lifecycle_event) {
  const parent = process.ppid;
  watchParent = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watchParent);
    forward('SIGTERM');
  }, 250);
}

child.on('exit', (code, signal) => {
  clearInterval(watchParent);
  if (signal) {
    // End the way the server ended, so a supervisor sees the signal, not a made-up exit code.
    for (const name of stopSignals) process.removeAllListeners(name);
    process.kill(process.pid, signal);
    return;
  }
  process.exitCode = code ?? 1;
});
