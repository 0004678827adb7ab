import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test, type TestContext } from 'node:test';
import { pathToFileURL } from 'node:url';
import { MessageChannel } from 'node:worker_threads';
import { AbortedError } from '../../common/errors.js';
import { espeakProgramSource } from '../audio/speech/espeakProgram.js';
import { runProgram, runProgramForOutput, type ProgramRun } from '../audio/runProgram.js';
import { testEncryption } from '../../test/testEncryption.js';
import { forkNodeRunner } from './forkNodeRunner.js';
import { portLink } from '../../test/portLink.js';
import type { LaunchRunner } from './ProgramHost.js';
import { serveShell } from './serveShell.js';
import { ShellClient } from './ShellClient.js';

const runnerEntry = path.join(import.meta.dirname, 'programRunner.ts');

/**
 * The server's side (ShellClient) and the shell's (serveShell) joined by a message channel, the shell starting
 * the real program runner with child_process.fork as main/index.ts starts it with utilityProcess.fork.
 */
function relay(t: TestContext, launchRunner: LaunchRunner = forkNodeRunner(runnerEntry)) {
  const { port1, port2 } = new MessageChannel();
  const shell = serveShell(portLink(port2), { launchRunner, encryption: testEncryption().encryption });
  t.after(() => {
    shell.close();
    port1.close();
  });
  return new ShellClient(portLink(port1)).launchProgram;
}

/** The program runners this process has running: a finished or killed program must leave none behind. */
function runners(): string[] {
  const out = execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' }).trim();
  return out ? out.split('\n').filter((line) => line.includes('programRunner')) : [];
}

const limits = { what: 'Testing', timeoutMs: 20_000, maxOutputBytes: 100 } satisfies Partial<ProgramRun>;

test('a program gets its argv and a stdin of several pieces, and its output and exit code come back', async (t) => {
  const launch = relay(t);
  const echo = `const chunks = []; for await (const chunk of process.stdin) chunks.push(chunk); const input = Buffer.concat(chunks);
process.stdout.write(input.length + ':' + input.subarray(0, 3).toString() + ':' + process.argv.slice(1).join(','));`;
  // Past the 1 MiB pieces the client cuts stdin into.
  const input = Buffer.alloc(3 * 1024 * 1024 + 5, 'x');
  input.write('abc');
  const out = await runProgramForOutput({ ...limits, source: echo, args: ['-v', '--x y'], input }, launch);
  assert.equal(out.toString(), `${input.length}:abc:-v,--x y`);

  const failing = `process.stdout.write('partial'); process.stderr.write('voice not found'); process.exit(3);`;
  const result = await runProgram({ ...limits, source: failing, args: [] }, launch);
  assert.deepEqual([result.code, result.stdout.toString(), result.stderr], [3, 'partial', 'voice not found']);
  const thrown = await runProgram({ ...limits, source: `throw new Error('broken program');`, args: [] }, launch);
  assert.equal(thrown.code, 1);
  assert.match(thrown.stderr, /broken program/);
  // process.exitCode is kept, as sherpa-onnx's program sets it on a failure.
  assert.equal((await runProgram({ ...limits, source: `process.exitCode = 4;`, args: [] }, launch)).code, 4);
  assert.deepEqual(runners(), []);
});

test('a program ends with its top-level code, and can require from its own URL as the encoder program does', async (t) => {
  const launch = relay(t);
  const source = `import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
setTimeout(() => process.stdout.write('too late'), 30_000);
process.stdout.write(require('node:path').basename(${JSON.stringify(runnerEntry)}));`;
  const started = performance.now();
  const out = await runProgramForOutput({ ...limits, source, args: [] }, launch);
  assert.equal(out.toString(), 'programRunner.ts');
  assert.ok(performance.now() - started < 15_000, 'the runner did not wait for the timer');
});

test('espeak-ng runs through the relay: its voice table and a spoken WAV', async (t) => {
  const launch = relay(t);
  const espeakUrl = pathToFileURL(createRequire(import.meta.url).resolve('espeak-ng')).href;
  const table = await runProgramForOutput({ ...limits, maxOutputBytes: 1024 * 1024, source: espeakProgramSource, args: [espeakUrl, '--voices'] }, launch);
  assert.match(table.toString(), /^Pty Language/);
  const wav = await runProgramForOutput({ ...limits, maxOutputBytes: 16 * 1024 * 1024, source: espeakProgramSource, args: [espeakUrl, '-v', 'en'], input: Buffer.from('Hello from the relay.') }, launch);
  assert.equal(wav.subarray(0, 4).toString(), 'RIFF');
  assert.ok(wav.length > 20_000, `a second or so of audio, got ${wav.length} bytes`);
});

test('a program is killed when the caller aborts, at its timeout and past its output limit', async (t) => {
  const launch = relay(t);
  const sleeper = `await new Promise((resolve) => setTimeout(resolve, 60_000));`;
  const controller = new AbortController();
  const running = runProgram({ ...limits, source: sleeper, args: [], signal: controller.signal, timeoutMs: 60_000 }, launch);
  setTimeout(() => controller.abort(), 300);
  const started = performance.now();
  await assert.rejects(running, AbortedError);
  assert.ok(performance.now() - started < 10_000);
  assert.deepEqual(runners(), [], 'the aborted program was killed');

  await assert.rejects(runProgram({ ...limits, source: sleeper, args: [], timeoutMs: 500 }, launch), /Testing took longer than 0.5 s/);
  const flood = `const block = Buffer.alloc(65536, 1); for (;;) await new Promise((resolve) => process.stdout.write(block, resolve));`;
  await assert.rejects(runProgram({ ...limits, source: flood, args: [], maxOutputBytes: 1_000_000 }, launch), /more than 1000000 bytes/);
  assert.deepEqual(runners(), []);
});

test('a runner that cannot start is a ProgramError; a server that goes away takes its programs with it', async (t) => {
  const broken = relay(t, () => {
    throw new Error('no such entry');
  });
  await assert.rejects(runProgram({ ...limits, source: '', args: [] }, broken), /Testing could not start its program: no such entry/);

  const { port1, port2 } = new MessageChannel();
  const shell = serveShell(portLink(port2), { launchRunner: forkNodeRunner(runnerEntry), encryption: testEncryption().encryption });
  t.after(() => port1.close());
  const launch = new ShellClient(portLink(port1)).launchProgram;
  const running = runProgram({ ...limits, source: `await new Promise((resolve) => setTimeout(resolve, 60_000));`, args: [], timeoutMs: 60_000 }, launch);
  await waitFor(() => runners()[0]);
  shell.close();
  await waitFor(() => (runners().length === 0 ? true : undefined));
  assert.equal((await running).signal, 'SIGKILL');
});

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
