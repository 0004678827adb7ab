import { randomBytes } from 'node:crypto';

/** An id in OpenAI's `call_…` form; node-llama-cpp's calls have none, and clients match results by it. */
export function newToolCallId(): string {
  return `call_${randomBytes(12).toString('base64url')}`;
}
