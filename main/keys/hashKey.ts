import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Keys look like `hearth_<16 hex id>_<43 base64url secret>`; the id is public, the secret is 256 random bits. */
const keyPattern = /^hearth_([0-9a-f]{16})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedKey {
  id: string;
  key: string;
}

export function generateKey(): GeneratedKey {
  const id = randomBytes(8).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return { id, key: `hearth_${id}_${secret}` };
}

/** The public id of a well-formed key, or null. */
export function keyId(key: string): string | null {
  return keyPattern.exec(key)?.[1] ?? null;
}

/** The secret part of a well-formed key (it may itself hold '_'), or null. */
export function keySecret(key: string): string | null {
  return keyPattern.exec(key)?.[2] ?? null;
}

export function keyPrefix(id: string): string {
  return `hearth_${id}`;
}

/**
 * One SHA-256 over the whole key. A slow KDF (scrypt, argon2) exists to make
 * guessing low-entropy passwords expensive; a 256-bit random secret can't be
 * guessed at any hashing speed, so a fast hash loses nothing and keeps every
 * request cheap. The digest can't be turned back into the key.
 */
export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** Constant-time comparison of two digests of equal length. */
export function digestsEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
