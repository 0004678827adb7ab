import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createInterface } from 'node:readline';
import type { ServerStatus } from '../../common/ipc/contract.js';
import { describeStartFailure } from './describeStartFailure.js';

/** The little a supervisor needs of a child, met by Electron's UtilityProcess and Node's ChildProcess alike. */
export interface ForkedServer {
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  kill(signal?: NodeJS.Signals): void;
  onExit(listener: (code: number | null) => void): void;
}

/** Starts the headless server entry with the given arguments and environment. */
export type ForkServer = (args: string[], env: NodeJS.ProcessEnv) => ForkedServer;

export interface ServerProcessOptions {
  fork: ForkServer;
  /** Arguments after the entry, e.g. ['serve']. */
  args: string[];
  env?: NodeJS.ProcessEnv;
  /** Each line the server writes to stderr (its log), e.g. to pass it on to the shell's own stderr. */
  onStderrLine?: (line: string) => void;
  /** Give up on a start that prints no URL, in ms; default 120 s (a first start may measure threads). */
  startTimeoutMs?: number;
  /**
   * Start a server that crashed while running again, after a delay that doubles from `minMs` to `maxMs`
   * (reset once a run has lasted `stableMs`); off when not given. A server that fails to start is not
   * retried: that needs the user (a busy port, a broken settings file).
   */
  restartOnCrash?: { minMs: number; maxMs: number; stableMs?: number };
}

const listeningLine = /^Hearth listening on (\S+)/;
const stopGraceMs = 5_000;

/**
 * Runs the headless server in its own process and reports its status. The
 * engine must live there: node-llama-cpp's prebuilt binaries need
 * UV_THREADPOOL_SIZE=1 before Node starts (see bin/hearth.mjs), and Electron's
 * main process is started before any of our code could set it.
 */
export class ServerProcess extends EventEmitter<{ status: [ServerStatus] }> {
  /** A secret for this run only; the shell authenticates to its own server with it, and it never touches disk. */
  readonly token = randomBytes(32).toString('base64url');
  private current: ServerStatus = { state: 'stopped', url: null, needsApiKey: false };
  private child: ForkedServer | null = null;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private restartTimer: NodeJS.Timeout | null = null;
  private crashes = 0;
  private runningSince = 0;
  constructor(private readonly options: ServerProcessOptions) {
    super();
  }

  get status(): ServerStatus {
    return this.current;
  }

  /** Resolves once the server listens or has failed; the status says which. */
  start(): Promise<ServerStatus> {
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (this.child) return Promise.resolve(this.current);
    const env = {
      ...(this.options.env ?? process.env),
      UV_THREADPOOL_SIZE: this.options.env?.UV_THREADPOOL_SIZE ?? '1',
      HEARTH_SHELL_TOKEN: this.token,
    };
    const child = this.options.fork(this.options.args, env);
    this.child = child;
    this.setStatus({ state: 'starting', url: null, needsApiKey: false });

    const stderrLines: string[] = [];
    if (child.stderr) {
      createInterface({ input: child.stderr }).on('line', (line) => {
        stderrLines.push(line);
        this.options.onStderrLine?.(line);
        if (stderrLines.length > 200) stderrLines.shift();
      });
    }
    return new Promise<ServerStatus>((resolve) => {
      const timer = setTimeout(() => {
        this.setStatus({ state: 'error', url: null, error: 'The server did not start in time.', needsApiKey: false });
        child.kill('SIGKILL');
        resolve(this.current);
      }, this.options.startTimeoutMs ?? 120_000);
      if (child.stdout) {
        createInterface({ input: child.stdout }).on('line', (line) => {
          const match = listeningLine.exec(line);
          if (!match?.[1]) return;
          clearTimeout(timer);
          this.runningSince = Date.now();
          this.setStatus({ state: 'running', url: match[1], needsApiKey: false });
          resolve(this.current);
        });
      }
      this.exited = new Promise<void>((exited) => {
        child.onExit((code) => {
          clearTimeout(timer);
          this.child = null;
          const crashed = !this.stopping && this.current.state === 'running';
          if (this.stopping) {
            this.setStatus({ state: 'stopped', url: null, needsApiKey: false });
          } else if (crashed && this.options.restartOnCrash) {
            setImmediate(() => this.scheduleRestart(describeStartFailure(stderrLines, code)));
          } else if (this.current.state !== 'error') {
            // Let the last stderr lines arrive before explaining the failure.
            setImmediate(() => this.setStatus({ state: 'error', url: null, error: describeStartFailure(stderrLines, code), needsApiKey: false }));
          }
          setImmediate(() => {
            resolve(this.current);
            exited();
          });
        });
      });
    });
  }

  /** Stops the server if it runs, then starts it. */
  async restart(): Promise<ServerStatus> {
    await this.stop();
    return this.start();
  }

  /** Asks the server to stop (it closes connections and unloads models), then kills it after a grace period. */
  async stop(): Promise<void> {
    if (this.restartTimer) {
      clearTimeout(this.restartTimer);
      this.restartTimer = null;
      this.setStatus({ state: 'stopped', url: null, needsApiKey: false });
    }
    const child = this.child;
    if (!child) return;
    this.stopping = true;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
    await this.exited;
    clearTimeout(killer);
    this.stopping = false;
  }

  private scheduleRestart(reason: string): void {
    const policy = this.options.restartOnCrash!;
    // A run that lasted a while was not part of a crash loop: start the backoff over.
    if (Date.now() - this.runningSince >= (policy.stableMs ?? 60_000)) this.crashes = 0;
    const delay = Math.min(policy.minMs * 2 ** this.crashes, policy.maxMs);
    this.crashes++;
    const at = Date.now() + delay;
    const seconds = Math.max(1, Math.round(delay / 1000));
    this.setStatus({ state: 'error', url: null, needsApiKey: false, error: `${reason} Hearth starts it again in ${seconds} s.`, restart: { attempt: this.crashes, at } });
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      void this.start();
    }, delay);
  }

  private setStatus(status: ServerStatus): void {
    this.current = status;
    this.emit('status', status);
  }
}
