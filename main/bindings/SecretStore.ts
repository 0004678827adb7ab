import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { KeyStorage } from '../../common/bindings.js';
import { HearthError } from '../../common/errors.js';
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

/** Where the desktop app keeps keys encrypted by the system keyring (SafeStorageSecretStore.ts): base64 by binding id. */
export const encryptedSecretsFileName = 'binding-keys.encrypted.json';

/** <data>/binding-keys.json, mode 0600, replaced atomically on each change. */
export class FileSecretStore implements SecretStore {
  readonly kind = 'file' as const;
  readonly file: string;
  // Changes run one at a time, so two quick writes can't lose one another's key.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'binding-keys.json');
  }

  /**
   * A key the desktop app encrypted (the same data dir opened by the CLI or `npm run serve`, or the app on
   * a desktop whose keyring is away) can't be read here: said in words rather than sent upstream as no key.
   */
  async get(id: string): Promise<string | null> {
    const key = (await this.read())[id];
    if (key !== undefined) return key;
    if (await this.isSealed(id)) {
      throw new HearthError(503, 'server_error', `The API key of binding ${id} is encrypted by the desktop app's system keyring, which this process can't use. Run the binding from the desktop app, or enter its key again here.`, { code: 'binding_key_sealed' });
    }
    return null;
  }

  async has(id: string): Promise<boolean> {
    return Object.hasOwn(await this.read(), id) || (await this.isSealed(id));
  }

  /** Whether the desktop app holds this binding's key encrypted (and this file holds none). */
  async isSealed(id: string): Promise<boolean> {
    const text = await readFile(path.join(path.dirname(this.file), encryptedSecretsFileName), 'utf8').catch(() => '{}');
    try {
      return Object.hasOwn(secretsFile.parse(JSON.parse(text)), id);
    } catch {
      return false;
    }
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
