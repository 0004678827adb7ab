import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const launcher = path.resolve(import.meta.dirname, '..', 'bin', 'hearth.mjs');
const env = { ...process.env, HEARTH_LOG_LEVEL: process.env.HEARTH_TEST_LOG ?? 'silent' };

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `hearth <args>` as a user would (through bin/hearth.mjs) and waits for it to exit. */
export function runHearth(args: string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [launcher, ...args], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export interface SpawnedServer {
  url: string;
  /** Everything printed on stdout so far. */
  stdout(): string;
  /** Everything printed on stderr so far (the server's log lines). */
  stderr(): string;
  child: ChildProcess;
  /** SIGKILL to the launcher and the server under it, as a crash would. */
  killHard(): Promise<void>;
}

export interface SpawnLimits {
  /**
   * RLIMIT_FSIZE for the launcher and the server under it, in KiB (bash's `ulimit -f`): a write past it fails
   * with EFBIG, as one on a full disk fails with ENOSPC (Node ignores SIGXFSZ). POSIX only.
   */
  fileSizeKiB?: number;
}

/**
 * Starts `hearth serve` in its own process group, so a kill reaches the server
 * under the launcher too, and waits for its "Hearth listening on URL" line.
 */
export function spawnHearthServer(args: string[], timeoutMs = 60_000, extraEnv: Record<string, string> = {}, limits: SpawnLimits = {}): Promise<SpawnedServer> {
  const command = [process.execPath, launcher, 'serve', '--port', '0', ...args];
  // bash sets the limit, then execs node in its place: same pid, same process group.
  if (limits.fileSizeKiB !== undefined) command.unshift('bash', '-c', `ulimit -f ${limits.fileSizeKiB} && exec "$0" "$@"`);
  const child = spawn(command[0]!, command.slice(1), { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`server did not start in ${timeoutMs} ms:\n${stdout}\n${stderr}`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {}
      reject(error);
    };
    const onEarlyExit = (code: number | null) => fail(new Error(`server exited with ${code}:\n${stdout}\n${stderr}`));
    child.once('close', onEarlyExit);
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /Hearth listening on (\S+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      child.off('close', onEarlyExit);
      resolve({
        url: match[1]!,
        stdout: () => stdout,
        stderr: () => stderr,
        child,
        async killHard() {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {}
          await exited;
        },
      });
    });
  });
}
