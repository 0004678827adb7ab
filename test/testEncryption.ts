import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { SecretEncryption } from '../main/bindings/SafeStorageSecretStore.js';

/**
 * A stand-in for Electron's safeStorage that really encrypts: AES-256-GCM under a key of this test's own, so
 * a blob is unreadable without it and a changed one fails to decrypt. `rotate()` changes the key the way a
 * keyring may, after which the old blobs still decrypt but ask to be encrypted again.
 */
export function testEncryption(options: { available?: boolean } = {}) {
  let keys = [randomBytes(32)];
  const calls = { encrypt: 0, decrypt: 0 };
  const encryption: SecretEncryption = {
    isAvailable: async () => options.available ?? true,
    async encrypt(text) {
      calls.encrypt++;
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', keys[0]!, iv);
      const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([keys.length]), iv, cipher.getAuthTag(), body]);
    },
    async decrypt(data) {
      calls.decrypt++;
      const bytes = Buffer.from(data);
      const generation = bytes[0]!;
      const key = keys[keys.length - generation];
      if (!key) throw new Error('unknown key');
      const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(1, 13));
      decipher.setAuthTag(bytes.subarray(13, 29));
      const text = Buffer.concat([decipher.update(bytes.subarray(29)), decipher.final()]).toString('utf8');
      return { text, shouldReEncrypt: generation !== keys.length };
    },
  };
  return {
    encryption,
    calls,
    rotate: () => void (keys = [randomBytes(32), ...keys]),
    /** Decrypts a blob as the store wrote it (base64), for checking the file from outside. */
    open: async (base64: string) => (await encryption.decrypt(Buffer.from(base64, 'base64'))).text,
  };
}
