import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { spawnHearthServer } from '../../test/spawnHearth.js';

const root = path.resolve(import.meta.dirname, '..', '..');
// Process trees are read from /proc.
const skip = process.platform !== 'linux' ? 'reads the process tree from /proc (Linux only)' : false;
const hasNpm = !skip && spawnSync('npm', ['--version'], { stdio: 'ignore' }).status === 0;

/** The pids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The command may hold spaces and parentheses; the fields after its closing parenthesis don't.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) found.push(Number(entry));
    } catch {}
  }
  return found;
}

/** The Hearth server under a process: the node process running main/cli/index.ts, however deep. */
function serverUnder(pid: number): number | undefined {
  for (const child of childrenOf(pid)) {
    const command = readFileSync(`/proc/${child}/cmdline`, 'utf8');
    if (command.includes('main/cli/index.ts')) return child;
    const deeper = serverUnder(child);
    if (deeper !== undefined) return deeper;
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    // A zombie is gone for every purpose here.
    return !/^\S+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function waitFor(done: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > until) throw new Error(`still waiting after ${ms} ms: ${what}`);
    await sleep(100);
  }
}

function portRefuses(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const exitOf = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

describe('stopping `hearth serve` with a signal', { skip }, () => {
  let dir: string;
  let args: string[];
  before(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hearth-signals-'));
    args = ['--no-auth', '--data-dir', path.join(dir, 'data'), '--models-dir', path.join(dir, 'models')];
  });
  after(() => rm(dir, { recursive: true, force: true }));

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    test(`${signal} to the launcher stops the server gracefully, and the launcher exits with the server's status`, async () => {
      const server = await spawnHearthServer(args);
      try {
        const pid = serverUnder(server.child.pid!);
        assert.ok(pid, 'the server runs under the launcher');
        const exited = exitOf(server.child);
        process.kill(server.child.pid!, signal);
        assert.deepEqual(await exited, { code: 0, signal: null }, 'the server stopped on its own, with status 0');
        await waitFor(() => !isAlive(pid), 10_000, `server ${pid} still running`);
        assert.ok(await portRefuses(server.url), 'the port is closed');
      } finally {
        await server.killHard();
      }
    });
  }

  test('SIGINT to the whole process group, as a terminal sends Ctrl-C, still stops the server gracefully', async () => {
    // The server gets it twice: from the terminal and from the launcher passing it on.
    const server = await spawnHearthServer(args);
    try {
      const pid = serverUnder(server.child.pid!);
      assert.ok(pid);
      const exited = exitOf(server.child);
      process.kill(-server.child.pid!, 'SIGINT');
      assert.deepEqual(await exited, { code: 0, signal: null });
      await waitFor(() => !isAlive(pid), 10_000, `server ${pid} still running`);
    } finally {
      await server.killHard();
    }
  });

  test('SIGTERM to `npm run serve`, as a service manager sends it, stops the server', { skip: hasNpm ? false : 'npm is not on the PATH' }, async () => {
    // Its own process group, so whatever survives is cleaned up below.
    const npm = spawn('npm', ['run', '--silent', 'serve', '--', '--port', '0', ...args], {
      cwd: root,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HEARTH_LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    npm.stdout!.on('data', (chunk) => (stdout += chunk));
    npm.stderr!.resume();
    try {
      await waitFor(() => /Hearth listening on (\S+)/.test(stdout) || npm.exitCode !== null, 60_000, 'npm run serve to listen');
      const url = /Hearth listening on (\S+)/.exec(stdout)?.[1];
      assert.ok(url, `npm run serve did not start: ${stdout}`);
      const pid = serverUnder(npm.pid!);
      assert.ok(pid, 'the server runs under npm');
      process.kill(npm.pid!, 'SIGTERM');
      await waitFor(() => !isAlive(pid), 20_000, `server ${pid} still running after npm was stopped`);
      assert.ok(await portRefuses(url), 'the port is closed');
    } finally {
      try {
        process.kill(-npm.pid!, 'SIGKILL');
      } catch {}
    }
  });
});
