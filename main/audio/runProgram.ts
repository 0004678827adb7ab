import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { AbortedError, HearthError, NotSupportedError } from '../../common/errors.js';
import { connectToShell } from '../shell/ShellClient.js';

/**
 * A small Node program run in a process of its own: the one place Hearth starts its helper programs (espeak-ng
 * for speech, sherpa-onnx's Whisper), which run apart for their licence or because they may end their process.
 */
export interface ProgramRun {
  /**
   * An ES module's source, run as `node -e` would, so that bundling can't lose a file; it reads
   * `process.argv.slice(1)`. Its work ends with its top-level code (await what it starts): in the desktop
   * app its process is ended then (main/shell/programRunner.ts).
   */
  source: string;
  args: string[];
  /** Written to the child's stdin, which is then closed. */
  input?: Uint8Array;
  signal?: AbortSignal;
  /** Wall-clock limit; the child is killed past it. */
  timeoutMs: number;
  /** The child is killed when its stdout grows past this. */
  maxOutputBytes: number;
  /** What the program does, for messages: "Speech synthesis", "Transcription". */
  what: string;
}

export interface ProgramResult {
  stdout: Buffer;
  /** null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Its last 2000 characters. */
  stderr: string;
}

/** The program couldn't start, ran too long or wrote too much: a bug or a broken install, so a 500. */
export class ProgramError extends HearthError {
  constructor(message: string) {
    super(500, 'server_error', message);
  }
}

/** What a launcher starts: a program's source, its argv and its stdin. */
export type ProgramLaunch = Pick<ProgramRun, 'source' | 'args' | 'input'>;

/**
 * A started program as runProgram watches it, whatever started it: `stdout` and `stderr` as they come,
 * then `close` once it exited and its output ended, or `error` when it couldn't start (a `close` may follow).
 */
export interface ProgramProcess extends EventEmitter<{ stdout: [Uint8Array]; stderr: [string]; close: [number | null, NodeJS.Signals | null]; error: [Error] }> {
  kill(): void;
}

/** Starts a program; runProgram chooses one launcher for the whole process (programLauncher). */
export type ProgramLauncher = (launch: ProgramLaunch) => ProgramProcess;

/** Runs each program with `node -e` in a child process of `command`. */
export function spawnLauncher(command: string, env: NodeJS.ProcessEnv = process.env): ProgramLauncher {
  return ({ source, args, input }) => {
    const child = spawn(command, ['--input-type=module', '-e', source, '--', ...args], { env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const events = new EventEmitter() as ProgramProcess;
    events.kill = () => void child.kill('SIGKILL');
    child.stdout.on('data', (chunk: Buffer) => events.emit('stdout', chunk));
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => events.emit('stderr', text));
    // A child that died early closes its stdin under us: EPIPE is then reported through 'close'.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ? Buffer.from(input.buffer, input.byteOffset, input.byteLength) : undefined);
    child.once('error', (error) => events.emit('error', error));
    child.once('close', (code, signal) => events.emit('close', code, signal));
    return events;
  };
}

let chosen: ProgramLauncher | undefined;

/**
 * The launcher of this process, chosen once: a Node of HEARTH_PROGRAM_NODE when set; this process's own
 * Node under plain Node; and in the desktop app, where the server runs in a utility process that can't
 * start a Node (the packaged app's fuses turn ELECTRON_RUN_AS_NODE off), the shell, which starts each
 * program as a utility process of its own (main/shell/ShellClient.ts).
 */
export function programLauncher(): ProgramLauncher {
  chosen ??= chooseLauncher();
  return chosen;
}

function chooseLauncher(): ProgramLauncher {
  const configured = process.env.HEARTH_PROGRAM_NODE;
  if (configured) return spawnLauncher(configured);
  const shell = connectToShell();
  if (shell) return shell.launchProgram;
  if (!process.versions.electron) return spawnLauncher(process.execPath);
  return () => {
    throw new NotSupportedError('This Hearth runs inside Electron without its desktop shell, which starts its helper programs: set HEARTH_PROGRAM_NODE to a Node.js 20 or newer, or run the headless server (npm run serve).');
  };
}

/**
 * Runs `run.source` in a fresh process of `launch` (programLauncher's by default). Resolves once it exited,
 * whatever its exit code (the caller knows what a failure of its program means); rejects with AbortedError
 * when the signal aborts (the client went away) and with ProgramError at the timeout, past the output limit
 * or when it can't start. In each of those the program is killed.
 */
export function runProgram(run: ProgramRun, launch: ProgramLauncher = programLauncher()): Promise<ProgramResult> {
  // Left while waiting its turn: nothing to start.
  if (run.signal?.aborted) return Promise.reject(new AbortedError());
  let child: ProgramProcess;
  try {
    child = launch({ source: run.source, args: run.args, input: run.input });
  } catch (error) {
    return Promise.reject(error);
  }
  return new Promise<ProgramResult>((resolve, reject) => {
    const stdout: Uint8Array[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: Error | undefined;
    const stop = (error: Error) => {
      failure ??= error;
      child.kill();
    };
    const onAbort = () => stop(new AbortedError());
    run.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => stop(new ProgramError(`${run.what} took longer than ${run.timeoutMs / 1000} s and was stopped.`)), run.timeoutMs);
    const settle = () => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
    };

    child.on('stdout', (chunk) => {
      stdoutBytes += chunk.byteLength;
      if (stdoutBytes > run.maxOutputBytes) stop(new ProgramError(`${run.what} wrote more than ${run.maxOutputBytes} bytes and was stopped.`));
      else stdout.push(chunk);
    });
    // Only the end matters for a message, and a chatty child must not grow memory.
    child.on('stderr', (text) => (stderr = (stderr + text).slice(-2000)));
    child.once('error', (error) => {
      settle();
      reject(failure ?? new ProgramError(`${run.what} could not start its program: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      settle();
      if (failure) reject(failure);
      else resolve({ stdout: Buffer.concat(stdout), code, signal, stderr });
    });
  });
}

/** `runProgram` for programs whose only answer is stdout: any exit but 0 is a ProgramError with its stderr. */
export async function runProgramForOutput(run: ProgramRun, launch?: ProgramLauncher): Promise<Buffer> {
  const result = await runProgram(run, launch);
  if (result.code === 0) return result.stdout;
  throw new ProgramError(`${run.what} failed (${result.signal ?? `exit code ${result.code}`}): ${result.stderr.trim() || 'no message'}`);
}
