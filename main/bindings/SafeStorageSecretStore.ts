import { chmod, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import { encryptedSecretsFileName, FileSecretStore, type SecretStore } from './SecretStore.js';

/** Encryption by the operating system's keyring: Electron's safeStorage, asked over the shell's channel. */
export interface SecretEncryption {
  /** False where nothing but a key known to all could encrypt (Linux without a keyring). */
  isAvailable(): Promise<boolean>;
  encrypt(text: string): Promise<Uint8Array>;
  /** `shouldReEncrypt`: the keyring's key changed since, so the secret is encrypted again with the new one. */
  decrypt(data: Uint8Array): Promise<{ text: string; shouldReEncrypt: boolean }>;
}

const encryptedFile = z.record(z.string(), z.string().base64());

/**
 * Bindings' API keys encrypted by the system keyring, as base64 in <data>/binding-keys.encrypted.json (0600,
 * replaced atomically). Keys in the plaintext file (FileSecretStore: written while the keyring was away, or by
 * the CLI) are taken in on each use: encrypted, saved here, then removed from that file; being the newer,
 * they win over an encrypted key of the same binding.
 */
export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'safeStorage' as const;
  readonly file: string;
  private readonly plaintext: FileSecretStore;
  // Decrypting is a round trip to the shell and the keyring: each key is decrypted once per blob.
  private readonly decrypted = new Map<string, { blob: string; secret: string }>();
  // One change at a time, and reads wait for them, so a key being taken in is never seen twice or lost.
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    dataDir: string,
    private readonly encryption: SecretEncryption,
  ) {
    this.file = path.join(dataDir, encryptedSecretsFileName);
    this.plaintext = new FileSecretStore(dataDir);
  }

  /**
   * The desktop app's store: this one when the encryption is available, else the 0600 file. Keys encrypted
   * earlier stay in their file meanwhile, unread, and come back once the keyring does.
   */
  static async open(dataDir: string, encryption: SecretEncryption): Promise<SecretStore> {
    if (!(await encryption.isAvailable())) return new FileSecretStore(dataDir);
    const store = new SafeStorageSecretStore(dataDir, encryption);
    await store.serially(() => store.current());
    return store;
  }

  get(id: string): Promise<string | null> {
    return this.serially(async () => {
      const blob = (await this.current())[id];
      if (blob === undefined) return null;
      const known = this.decrypted.get(id);
      if (known?.blob === blob) return known.secret;
      let result: { text: string; shouldReEncrypt: boolean };
      try {
        result = await this.encryption.decrypt(Buffer.from(blob, 'base64'));
      } catch (error) {
        throw new Error(`The key of binding ${id} could not be decrypted by the system keyring (${(error as Error).message}); enter it again.`, { cause: error });
      }
      if (result.shouldReEncrypt) await this.save({ ...(await this.read()), [id]: await this.encrypt(result.text) });
      else this.decrypted.set(id, { blob, secret: result.text });
      return result.text;
    });
  }

  has(id: string): Promise<boolean> {
    return this.serially(async () => Object.hasOwn(await this.current(), id));
  }

  set(id: string, secret: string): Promise<void> {
    return this.serially(async () => {
      const blob = await this.encrypt(secret);
      await this.save({ ...(await this.current()), [id]: blob });
      this.decrypted.set(id, { blob, secret });
    });
  }

  delete(id: string): Promise<void> {
    return this.serially(async () => {
      const { [id]: _gone, ...rest } = await this.current();
      await this.save(rest);
      this.decrypted.delete(id);
    });
  }

  /** The encrypted keys, after taking in those of the plaintext file. */
  private async current(): Promise<Record<string, string>> {
    const encrypted = await this.read();
    const plain = await this.plaintext.all();
    if (Object.keys(plain).length === 0) return encrypted;
    for (const [id, secret] of Object.entries(plain)) encrypted[id] = await this.encrypt(secret);
    // Saved encrypted before removed in the clear: a crash in between leaves a key twice, never none.
    await this.save(encrypted);
    for (const id of Object.keys(plain)) await this.plaintext.delete(id);
    return encrypted;
  }

  private async encrypt(secret: string): Promise<string> {
    return Buffer.from(await this.encryption.encrypt(secret)).toString('base64');
  }

  private async read(): Promise<Record<string, string>> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '{}';
      throw error;
    });
    return encryptedFile.parse(JSON.parse(text));
  }

  private async save(all: Record<string, string>): Promise<void> {
    await writeFileAtomic(this.file, JSON.stringify(all, null, 2));
    // As FileSecretStore: an encrypted key is still nobody else's business.
    if (process.platform !== 'win32') await chmod(this.file, 0o600);
  }

  private serially<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work);
    this.queue = next.catch(() => {});
    return next;
  }
}
