import { finished } from 'node:stream/promises';
import type { MessageLink } from './messageLink.js';
import { fromRunnerMessage, type FromShellMessage, type ToRunnerMessage, type ToShellMessage } from './shellMessages.js';

/** A started program runner (programRunner.ts), met by Electron's UtilityProcess and Node's ChildProcess alike. */
export interface RunnerProcess {
  link: MessageLink;
  stdout: NodeJS.ReadableStream | null;
  stderr: NodeJS.ReadableStream | null;
  kill(): void;
  onExit(listener: (code: number | null, signal: string | null) => void): void;
}

/** Starts a program runner; throws when it can't. */
export type LaunchRunner = () => RunnerProcess;

type ProgramMessage = Extract<ToShellMessage, { type: `program:${string}` }>;

// How long output may trail the exit: a grandchild holding the pipe open mustn't hold the answer forever.
const outputGraceMs = 2_000;

/**
 * The shell's side of the server's programs: starts a runner for each `program:start`, hands it the program
 * once it is ready, and relays its output and exit back to the server.
 */
export class ProgramHost {
  private readonly runs = new Map<number, { runner: RunnerProcess; pending: ToRunnerMessage[] | null }>();

  constructor(
    private readonly server: MessageLink,
    private readonly launchRunner: LaunchRunner,
  ) {}

  handle(message: ProgramMessage): void {
    if (message.type === 'program:start') this.start(message.runId, message.source, message.args);
    else if (message.type === 'program:stdin') this.send(message.runId, { type: 'stdin', chunk: message.chunk });
    else if (message.type === 'program:stdinEnd') this.send(message.runId, { type: 'stdinEnd' });
    else this.runs.get(message.runId)?.runner.kill();
  }

  /** Kills every program still running: the server that asked for them is gone. */
  killAll(): void {
    for (const { runner } of this.runs.values()) runner.kill();
  }

  private start(runId: number, source: string, args: string[]): void {
    let runner: RunnerProcess;
    try {
      runner = this.launchRunner();
    } catch (error) {
      this.reply({ type: 'program:error', runId, message: (error as Error).message });
      return;
    }
    const run = { runner, pending: [{ type: 'run', source, args }] as ToRunnerMessage[] | null };
    this.runs.set(runId, run);
    const stopListening = runner.link.listen((raw) => {
      if (!fromRunnerMessage.safeParse(raw).success) return;
      stopListening();
      for (const message of run.pending ?? []) runner.link.post(message);
      run.pending = null;
    });
    runner.stdout?.on('data', (chunk: Uint8Array) => this.reply({ type: 'program:stdout', runId, chunk }));
    runner.stderr?.setEncoding('utf8');
    runner.stderr?.on('data', (text: string) => this.reply({ type: 'program:stderr', runId, text }));
    const outputs = [runner.stdout, runner.stderr].flatMap((stream) => (stream ? [finished(stream).catch(() => {})] : []));
    runner.onExit((code, signal) => {
      stopListening();
      const grace = new Promise((resolve) => setTimeout(resolve, outputGraceMs).unref());
      void Promise.race([Promise.all(outputs), grace]).then(() => {
        this.runs.delete(runId);
        this.reply({ type: 'program:exit', runId, code, signal });
      });
    });
  }

  private send(runId: number, message: ToRunnerMessage): void {
    const run = this.runs.get(runId);
    if (!run) return;
    if (run.pending) run.pending.push(message);
    else run.runner.link.post(message);
  }

  private reply(message: FromShellMessage): void {
    this.server.post(message);
  }
}
