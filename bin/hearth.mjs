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
const child = spawn(process.execPath, ['--import', tsx, entry, ...args], { stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => {
  process.exitCode = code ?? (signal ? 128 : 1);
});
