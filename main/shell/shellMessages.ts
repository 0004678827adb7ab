import { z } from 'zod';

/**
 * The messages between the server and the desktop shell (the Electron main process) that starts it, and
 * between the shell and the program runners it starts for the server. The server asks the shell for what a
 * utility process can't do itself: start a helper program (the packaged app's fuses turn ELECTRON_RUN_AS_NODE
 * off, so it can't spawn a Node) and encrypt with safeStorage (a main-process API). Every message is parsed on
 * arrival: a process trusts no message shape it didn't check.
 */

// Structured clone (Electron's postMessage, Node's 'advanced' IPC serialization) delivers a Buffer as a Uint8Array.
const bytes = z.custom<Uint8Array>((value) => value instanceof Uint8Array, 'expected bytes');
const runId = z.number().int().nonnegative();
const callId = z.number().int().nonnegative();

/** Server → shell. */
export const toShellMessage = z.discriminatedUnion('type', [
  /** Start `source` (an ES module) in a runner of its own, with `args` as its process.argv.slice(1). */
  z.object({ type: z.literal('program:start'), runId, source: z.string(), args: z.array(z.string()) }),
  /** The program's stdin, in pieces; `program:stdinEnd` closes it. */
  z.object({ type: z.literal('program:stdin'), runId, chunk: bytes }),
  z.object({ type: z.literal('program:stdinEnd'), runId }),
  z.object({ type: z.literal('program:kill'), runId }),
  z.object({ type: z.literal('secrets:isAvailable'), callId }),
  z.object({ type: z.literal('secrets:encrypt'), callId, text: z.string() }),
  z.object({ type: z.literal('secrets:decrypt'), callId, data: bytes }),
]);
export type ToShellMessage = z.infer<typeof toShellMessage>;

/** Shell → server. */
export const fromShellMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('program:stdout'), runId, chunk: bytes }),
  z.object({ type: z.literal('program:stderr'), runId, text: z.string() }),
  /** Sent once its process exited and its output ended; `signal` only where the runtime reports one. */
  z.object({ type: z.literal('program:exit'), runId, code: z.number().int().nullable(), signal: z.string().nullable() }),
  /** The runner couldn't start; no `program:exit` follows. */
  z.object({ type: z.literal('program:error'), runId, message: z.string() }),
  /** `error` when the shell couldn't do it, else `value` (its shape in secretReplies). */
  z.object({ type: z.literal('secrets:reply'), callId, value: z.unknown(), error: z.string().optional() }),
]);
export type FromShellMessage = z.infer<typeof fromShellMessage>;

/** The value of each secrets reply, checked by the caller that asked. */
export const secretReplies = {
  isAvailable: z.boolean(),
  encrypt: bytes,
  decrypt: z.object({ text: z.string(), shouldReEncrypt: z.boolean() }),
};

/** Shell → program runner. The runner says `ready` first: a Node child drops messages that come before its listener. */
export const toRunnerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('run'), source: z.string(), args: z.array(z.string()) }),
  z.object({ type: z.literal('stdin'), chunk: bytes }),
  z.object({ type: z.literal('stdinEnd') }),
]);
export type ToRunnerMessage = z.infer<typeof toRunnerMessage>;

export const fromRunnerMessage = z.object({ type: z.literal('ready') });

/** The environment variable the shell sets on the server it starts when it answers these messages. */
export const shellChannelEnv = 'HEARTH_SHELL_CHANNEL';
