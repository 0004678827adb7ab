import type { HearthBridge } from '../../common/ipc/contract.js';
import { electronTransport } from './electronTransport.js';
import type { IpcTransport, KeyStorage } from './transport.js';
import { webTransport } from './webTransport.js';

declare global {
  interface Window {
    /** Present only inside the Electron shell, put there by the preload. */
    hearth?: HearthBridge;
  }
}

const apiKeyStorageKey = 'hearth.apiKey';

const localKeys: KeyStorage = {
  get: () => localStorage.getItem(apiKeyStorageKey),
  set: (key) => (key ? localStorage.setItem(apiKeyStorageKey, key) : localStorage.removeItem(apiKeyStorageKey)),
};

/** The page's own file picker; resolves with nothing when the user closes it without a choice. */
function pickFiles(): Promise<File[]> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.accept = '.pdf,.docx,.html,.htm,.md,.markdown,.txt,.csv,.json';
    input.addEventListener('change', () => resolve([...(input.files ?? [])]), { once: true });
    input.addEventListener('cancel', () => resolve([]), { once: true });
    input.click();
  });
}

/** The transport for where the page runs: the desktop app's bridge, else the server that served the page. */
export function browserTransport(): IpcTransport {
  if (window.hearth) return electronTransport(window.hearth);
  return webTransport({ baseUrl: window.location.origin, keys: localKeys, pickFiles });
}
