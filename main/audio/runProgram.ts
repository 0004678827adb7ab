import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AbortedError, HearthError, NotSupportedError } from '../../common/errors.js';

/**
 * A small Node program run as a child process: the one place Hearth starts its helper programs (espeak-ng for
 * speech, sherpa-onnx's Whisper), which run apart for their licence or because they may end their process.
 */
export interface ProgramRun {
  /** An ES module's source, run with `node -e` so that bundling can't lose a file; it reads `process.argv.slice(1)`. */
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

/**
 * The Node that runs the programs: HEARTH_PROGRAM_NODE when set, else this process's own executable. Under
 * Electron that is the app, which ELECTRON_RUN_AS_NODE turns into a plain Node; the packaged app's fuses
 * turn that off (electron-builder.yml), and starting it would open a second Hearth instead, so there the
 * request is refused with what to do.
 */
function nodeCommand(what: string): { command: string; env: NodeJS.ProcessEnv } {
  const configured = process.env.HEARTH_PROGRAM_NODE;
  if (configured) return { command: configured, env: process.env };
  if (!process.versions.electron) return { command: process.execPath, env: process.env };
  if (fileURLToPath(import.meta.url).includes(`${path.sep}app.asar${path.sep}`)) {
    throw new NotSupportedError(`${what} in the packaged desktop app needs a Node.js 20 or newer to run its program with: set HEARTH_PROGRAM_NODE to its path, or run the headless server (npm run serve).`);
  }
  return { command: process.execPath, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } };
}

/**
 * Runs `run.source` in a fresh Node process. Resolves once it exited, whatever its exit code (the caller
 * knows what a failure of its program means); rejects with AbortedError when the signal aborts (the client
 * went away) and with ProgramError at the timeout, past the output limit or when it can't start. In each
 * of those the child is killed.
 */
export function runProgram(run: ProgramRun): Promise<ProgramResult> {
  // Left while waiting its turn: nothing to start.
  if (run.signal?.aborted) return Promise.reject(new AbortedError());
  const node = nodeCommand(run.what);
  const child = spawn(node.command, ['--input-type=module', '-e', run.source, '--', ...run.args], { env: node.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
  return new Promise<ProgramResult>((resolve, reject) => {
    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    let stderr = '';
    let failure: Error | undefined;
    const stop = (error: Error) => {
      failure ??= error;
      child.kill('SIGKILL');
    };
    const onAbort = () => stop(new AbortedError());
    run.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => stop(new ProgramError(`${run.what} took longer than ${run.timeoutMs / 1000} s and was stopped.`)), run.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      stdoutBytes += chunk.length;
      if (stdoutBytes > run.maxOutputBytes) stop(new ProgramError(`${run.what} wrote more than ${run.maxOutputBytes} bytes and was stopped.`));
      else stdout.push(chunk);
    });
    child.stderr.setEncoding('utf8');
    // Only the end matters for a message, and a chatty child must not grow memory.
    child.stderr.on('data', (text: string) => (stderr = (stderr + text).slice(-2000)));
    // A child that died early closes its stdin under us: EPIPE is then reported through 'close'.
    child.stdin.on('error', () => undefined);
    child.stdin.end(run.input ? Buffer.from(run.input.buffer, run.input.byteOffset, run.input.byteLength) : undefined);

    child.once('error', (error) => stop(new ProgramError(`${run.what} could not start its program: ${error.message}`)));
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      run.signal?.removeEventListener('abort', onAbort);
      if (failure) reject(failure);
      else resolve({ stdout: Buffer.concat(stdout), code, signal, stderr });
    });
  });
}

/** `runProgram` for programs whose only answer is stdout: any exit but 0 is a ProgramError with its stderr. */
export async function runProgramForOutput(run: ProgramRun): Promise<Buffer> {
  const result = await runProgram(run);
  if (result.code === 0) return result.stdout;
  throw new ProgramError(`${run.what} failed (${result.signal ?? `exit code ${result.code}`}): ${result.stderr.trim() || 'no message'}`);
}
