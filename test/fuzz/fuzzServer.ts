import { readFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { spawnHearthServer, type SpawnedServer } from '../spawnHearth.js';
import { collectGarbage } from './collectGarbage.js';

export interface FuzzServer extends SpawnedServer {
  /** The server process under the launcher (bin/hearth.mjs starts it as its only child). */
  pid: number;
  /** The server process's resident memory now, from /proc/<pid>/status. */
  rssBytes(): Promise<number>;
  /**
   * Its resident memory after full GCs: V8 keeps the garbage of a burst (hostile template renders leave
   * ~100 MB) until its next major GC, which an idle process may put off for minutes, so RSS alone swings
   * by more than the leak the check looks for.
   */
  settledRssBytes(): Promise<number>;
  /** Whether the server process still runs: a crash ends it, and the launcher with it. */
  isRunning(): boolean;
  /** What the server logged at level error, one line each (a request's failure with its stack); llama.cpp's own lines left out. */
  errorLog(): string[];
}

/**
 * `hearth serve` in a process of its own, as a user runs it, so a crash, a hang of its event loop or
 * its memory are seen from outside rather than taking the test runner down with them.
 */
export async function spawnFuzzServer(dataDir: string, modelsDir: string): Promise<FuzzServer> {
  // Errors are logged (as JSON lines on stderr), so a failure can be shown with the server's own account of it.
  // The inspector's port is chosen when SIGUSR1 opens it (on loopback), to ask for a full GC before measuring.
  const server = await spawnHearthServer(['--data-dir', dataDir, '--models-dir', modelsDir, '--no-auth'], 120_000, {
    HEARTH_LOG_LEVEL: 'error',
    NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --inspect-port=127.0.0.1:0`.trim(),
  });
  const launcher = server.child.pid!;
  const children = (await readFile(`/proc/${launcher}/task/${launcher}/children`, 'utf8')).trim().split(/\s+/).filter(Boolean);
  if (children.length !== 1) {
    await server.killHard();
    throw new Error(`expected the launcher ${launcher} to run one server process, found: ${children.join(', ') || 'none'}`);
  }
  const pid = Number(children[0]);
  const rssBytes = async () => {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kilobytes = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (!kilobytes) throw new Error(`no VmRSS in /proc/${pid}/status (did the server exit?)`);
    return Number(kilobytes[1]) * 1024;
  };
  let inspector: string | undefined;
  return {
    ...server,
    pid,
    rssBytes,
    async settledRssBytes() {
      if (!inspector) {
        process.kill(pid, 'SIGUSR1');
        for (let tries = 0; !inspector && tries < 100; tries++) {
          await sleep(50);
          inspector = /Debugger listening on (ws:\/\/\S+)/.exec(server.stderr())?.[1];
        }
        if (!inspector) throw new Error('the server opened no inspector on SIGUSR1');
      }
      // Twice, with a pause: V8 returns freed pages to the system in the background after a GC.
      for (let round = 0; round < 2; round++) {
        await collectGarbage(inspector);
        await sleep(500);
      }
      return rssBytes();
    },
    errorLog() {
      return server
        .stderr()
        .split('\n')
        .filter((line) => line.startsWith('{') && !line.includes('"llama":true'));
    },
    isRunning() {
      try {
        process.kill(pid, 0);
        return server.child.exitCode === null && server.child.signalCode === null;
      } catch {
        return false;
      }
    },
  };
}
