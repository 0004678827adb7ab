import { fork, spawn } from 'node:child_process';
import { nodeChildLink } from './messageLink.js';
import { serveShell, type ShellServices } from './serveShell.js';
import { shellChannelEnv } from './shellMessages.js';
import type { ForkServer } from './ServerProcess.js';

/**
 * Forks an entry with plain Node, for tests and for running the shell's supervisor without Electron (which
 * uses utilityProcess instead). With `shell`, the child gets a message channel on which these services answer
 * it, as main/index.ts answers the server's utility process.
 */
export function forkNodeServer(entry: string, execArgv: string[] = [], shell?: ShellServices): ForkServer {
  return (args, env) => {
    if (!shell) {
      const child = spawn(process.execPath, [...execArgv, entry, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      return {
        stdout: child.stdout,
        stderr: child.stderr,
        kill: (signal) => void child.kill(signal),
        onExit: (listener) => child.once('exit', (code) => listener(code)),
      };
    }
    // Bytes cross as Uint8Array only with the 'advanced' serialization, as they do over Electron's ports.
    const child = fork(entry, args, { execArgv, env: { ...env, [shellChannelEnv]: '1' }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    const served = serveShell(nodeChildLink(child), shell);
    child.once('exit', () => served.close());
    return {
      stdout: child.stdout,
      stderr: child.stderr,
      kill: (signal) => void child.kill(signal),
      onExit: (listener) => child.once('exit', (code) => listener(code)),
    };
  };
}
