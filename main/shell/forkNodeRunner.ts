import { fork } from 'node:child_process';
import { nodeChildLink } from './messageLink.js';
import type { LaunchRunner } from './ProgramHost.js';

/**
 * Starts programRunner with Node's child_process.fork, as the app starts it with utilityProcess.fork: no
 * stdin, stdout and stderr piped, messages by structured clone. For tests, and the shell's supervisor without Electron.
 */
export function forkNodeRunner(entry: string, execArgv: string[] = process.execArgv): LaunchRunner {
  return () => {
    const child = fork(entry, [], { execArgv, stdio: ['ignore', 'pipe', 'pipe', 'ipc'], serialization: 'advanced' });
    return {
      link: nodeChildLink(child),
      stdout: child.stdout,
      stderr: child.stderr,
      kill: () => void child.kill('SIGKILL'),
      onExit: (listener) => child.once('exit', (code, signal) => listener(code, signal)),
    };
  };
}
