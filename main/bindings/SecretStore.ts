import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { KeyStorage } from '../../common/bindings.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';

/**
 * Where bindings' API keys are kept, apart from the bindings themselves so bindings.json can be read,
 * copied or shown without leaking a key. The server and the CLI use the 0600 file below; the desktop
 * app keeps them encrypted with Electron's safeStorage where it can (SafeStorageSecretStore.ts).
 */
export interface SecretStore {
  readonly kind: KeyStorage;
  get(id: string): Promise<string | null>;
  set(id: string, secret: string): Promise<void>;
  delete(id: string): Promise<void>;
  has(id: string): Promise<boolean>;
}

const secretsFile = z.record(z.string(), z.string());

/** <data>/binding-keys.json, mode 0600, replaced atomically on each change. */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly file: string;
  // Changes run one at a time, so two quick writes can't lose one another's key.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'binding-keys.json');
  }

  async get(id: string): Promise<string | null> {
    return (await this.read())[id] ?? null;
  }

  async has(id: string): Promise<boolean> {
    return Object.hasOwn(await this.read(), id);
  }

  /** Every key by binding id. */
  all(): Promise<Record<string, string>> {
    return this.read();
  }

  set(id: string, secret: string): Promise<void> {
    return this.change((all) => ({ ...all, [id]: secret }));
  }

  delete(id: string): Promise<void> {
    return this.change((all) => {
      const { [id]: _gone, ...rest } = all;
      return rest;
    });
  }

  private async read(): Promise<Record<string, string>> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '{}';
      throw error;
    });
    return secretsFile.parse(JSON.parse(text));
  }

  private change(edit: (all: Record<string, string>) => Record<string, string>): Promise<void> {
    const next = this.queue.then(async () => {
      await writeFileAtomic(this.file, JSON.stringify(edit(await this.read()), null, 2));
      // writeFileAtomic creates 0600; chmod again in case an older file with a looser mode was replaced by rename.
      if (process.platform !== 'win32') await chmod(this.file, 0o600);
    });
    this.queue = next.catch(() => {});
    return next;
  }
}
