import { spawn } from 'node:child_process';
import type { ForkServer } from './ServerProcess.js';

/**
 * Forks an entry with plain Node, for tests and for running the shell's
 * supervisor without Electron (which uses utilityProcess instead).
 */
export function forkNodeServer(entry: string, execArgv: string[] = []): ForkServer {
  return (args, env) => {
    const child = spawn(process.execPath, [...execArgv, entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    return {
      stdout: child.stdout,
      stderr: child.stderr,
      kill: (signal) => void child.kill(signal),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
    };
  };
}
