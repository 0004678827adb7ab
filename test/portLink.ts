import type { MessagePort } from 'node:worker_threads';
import type { MessageLink } from '../main/shell/messageLink.js';

/** A worker_threads port as a link: it clones messages (bytes as Uint8Array) as Electron's ports and Node's 'advanced' IPC do. */
export function portLink(port: MessagePort): MessageLink {
  return {
    post: (message) => port.postMessage(message),
    listen: (listener) => {
      port.on('message', listener);
      return () => void port.off('message', listener);
    },
  };
}
