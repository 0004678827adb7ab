import { EventEmitter } from 'node:events';
import type { z } from 'zod';
import type { SecretEncryption } from '../bindings/SafeStorageSecretStore.js';
import type { ProgramLauncher, ProgramProcess } from '../audio/runProgram.js';
import { parentLink, type MessageLink } from './messageLink.js';
import { fromShellMessage, secretReplies, shellChannelEnv, type FromShellMessage, type ToShellMessage } from './shellMessages.js';

// Electron's IPC copies each message whole; pieces this size keep a long recording's stdin from being one huge one.
const stdinChunkBytes = 1024 * 1024;

type ProgramEvent = Extract<FromShellMessage, { type: `program:${string}` }>;

/**
 * The server's side of the shell's services (serveShell.ts): helper programs started by the shell, and
 * encryption with the shell's safeStorage.
 */
export class ShellClient {
  private readonly programs = new Map<number, (event: ProgramEvent) => void>();
  private readonly calls = new Map<number, (reply: Extract<FromShellMessage, { type: 'secrets:reply' }>) => void>();
  private nextId = 0;

  constructor(private readonly shell: MessageLink) {
    shell.listen((raw) => {
      const parsed = fromShellMessage.safeParse(raw);
      if (!parsed.success) return;
      const message = parsed.data;
      if (message.type === 'secrets:reply') {
        this.calls.get(message.callId)?.(message);
        this.calls.delete(message.callId);
      } else {
        this.programs.get(message.runId)?.(message);
        if (message.type === 'program:exit' || message.type === 'program:error') this.programs.delete(message.runId);
      }
    });
  }

  /** Starts a program in a runner of the shell's; a ProgramLauncher for runProgram. */
  readonly launchProgram: ProgramLauncher = ({ source, args, input }) => {
    const runId = this.nextId++;
    const events = new EventEmitter() as ProgramProcess;
    let ended = false;
    this.programs.set(runId, (message) => {
      if (message.type === 'program:stdout') events.emit('stdout', message.chunk);
      else if (message.type === 'program:stderr') events.emit('stderr', message.text);
      else if (message.type === 'program:error') events.emit('error', new Error(message.message));
      else {
        ended = true;
        events.emit('close', message.code, message.signal as NodeJS.Signals | null);
      }
    });
    events.kill = () => {
      if (!ended) this.send({ type: 'program:kill', runId });
    };
    this.send({ type: 'program:start', runId, source, args });
    const bytes = input ?? new Uint8Array(0);
    for (let start = 0; start < bytes.byteLength; start += stdinChunkBytes) {
      // A copy of just this piece: a view would carry its whole underlying buffer across.
      this.send({ type: 'program:stdin', runId, chunk: bytes.slice(start, start + stdinChunkBytes) });
    }
    this.send({ type: 'program:stdinEnd', runId });
    return events;
  };

  /** Encryption by the shell (Electron's safeStorage in the app). */
  readonly encryption: SecretEncryption = {
    isAvailable: () => this.call({ type: 'secrets:isAvailable' }, secretReplies.isAvailable),
    encrypt: (text) => this.call({ type: 'secrets:encrypt', text }, secretReplies.encrypt),
    decrypt: (data) => this.call({ type: 'secrets:decrypt', data }, secretReplies.decrypt),
  };

  private call<T>(request: DistributiveOmit<Extract<ToShellMessage, { type: `secrets:${string}` }>, 'callId'>, reply: z.ZodType<T>): Promise<T> {
    const callId = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.calls.set(callId, (message) => {
        if (message.error !== undefined) reject(new Error(`The desktop shell could not ${request.type.slice('secrets:'.length)}: ${message.error}`));
        else resolve(reply.parse(message.value));
      });
      this.send({ ...request, callId } as ToShellMessage);
    });
  }

  private send(message: ToShellMessage): void {
    this.shell.post(message);
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

let connected: ShellClient | null | undefined;

/**
 * The shell that started this server, when it answers on the parent link (it says so with
 * HEARTH_SHELL_CHANNEL=1); null under `hearth serve` and in tests that start the server in-process.
 */
export function connectToShell(): ShellClient | null {
  if (connected === undefined) {
    const link = process.env[shellChannelEnv] === '1' ? parentLink() : null;
    connected = link ? new ShellClient(link) : null;
  }
  return connected;
}
