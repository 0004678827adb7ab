import type { ChildProcess } from 'node:child_process';

/**
 * One end of a message channel between two of Hearth's processes, whatever carries it: Electron's
 * parentPort and UtilityProcess, or the IPC channel of Node's child_process.fork (forked with
 * serialization 'advanced', so that bytes arrive as a Uint8Array as they do in Electron).
 */
export interface MessageLink {
  /** Sends a message; one to a process that is gone is dropped. */
  post(message: unknown): void;
  /** Returns a function that stops listening. */
  listen(listener: (message: unknown) => void): () => void;
}

interface ElectronParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): unknown;
  off(event: 'message', listener: (event: { data: unknown }) => void): unknown;
}

/** The link to this process's parent: Electron's process.parentPort in a utility process, else Node's IPC channel; null with neither. */
export function parentLink(): MessageLink | null {
  const parentPort = (process as { parentPort?: ElectronParentPort }).parentPort;
  if (parentPort) {
    return {
      post: (message) => parentPort.postMessage(message),
      listen: (listener) => {
        const onMessage = (event: { data: unknown }) => listener(event.data);
        parentPort.on('message', onMessage);
        return () => void parentPort.off('message', onMessage);
      },
    };
  }
  if (!process.send) return null;
  return {
    // With a callback, a closed channel is reported to it rather than thrown as an 'error' event nobody handles.
    post: (message) => void process.send?.(message, undefined, undefined, () => {}),
    listen: (listener) => {
      // While a 'message' listener is on, Node keeps the channel and so the process alive; off, it lets go.
      process.on('message', listener);
      return () => void process.off('message', listener);
    },
  };
}

/** The link to a child forked by Node (child_process.fork with an IPC channel). */
export function nodeChildLink(child: ChildProcess): MessageLink {
  return {
    post: (message) => {
      if (child.connected) child.send(message as object, undefined, undefined, () => {});
    },
    listen: (listener) => {
      child.on('message', listener);
      return () => void child.off('message', listener);
    },
  };
}

/** The link to a child forked by Electron (utilityProcess.fork), typed by its shape so that this file stays free of Electron. */
export function utilityChildLink(child: {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  off(event: 'message', listener: (message: unknown) => void): unknown;
}): MessageLink {
  return {
    post: (message) => child.postMessage(message),
    listen: (listener) => {
      child.on('message', listener);
      return () => void child.off('message', listener);
    },
  };
}
