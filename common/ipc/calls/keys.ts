import { z } from 'zod';
import { apiKeySummary, createdKey, createKeyInput } from '../../keys.js';

const keyId = z.object({ id: z.string().min(1).max(128) }).strict();

export const keysCalls = {
  'keys:list': { input: z.object({}).strict(), output: z.array(apiKeySummary) },
  /** The answer is the only time the full key exists outside the client. */
  'keys:create': { input: createKeyInput.strict(), output: createdKey },
  'keys:revoke': { input: keyId, output: apiKeySummary },
  'keys:delete': { input: keyId, output: z.object({}) },
} as const;
