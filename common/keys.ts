import { z } from 'zod';

export const keyRole = z.enum(['user', 'admin']);
export type KeyRole = z.infer<typeof keyRole>;

/** Per-key overrides of the global rateLimit settings; a field left out uses the global value. */
export const keyRateLimit = z.object({
  requestsPerMinute: z.number().int().min(1).optional(),
  burst: z.number().int().min(1).optional(),
  /** Generations this key may run at once. */
  maxConcurrent: z.number().int().min(1).optional(),
});
export type KeyRateLimit = z.infer<typeof keyRateLimit>;

/** What a caller (CLI, admin HTTP route, IPC) sends to create a key. */
export const createKeyInput = z.object({
  alias: z.string().trim().min(1).max(100),
  role: keyRole.default('user'),
  rateLimit: keyRateLimit.optional(),
  /** When the key stops working (ISO 8601); never when left out. */
  expiresAt: z.iso.datetime({ offset: true }).optional(),
});
export type CreateKeyInput = z.input<typeof createKeyInput>;

export const keyStatus = z.enum(['active', 'revoked', 'expired']);
export type KeyStatus = z.infer<typeof keyStatus>;

/** A key as lists show it: never the secret, only the public prefix. */
export const apiKeySummary = z.object({
  id: z.string(),
  alias: z.string(),
  /** The public start of the key (`hearth_<id>`), enough to recognise it. */
  prefix: z.string(),
  role: keyRole,
  status: keyStatus,
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  requests: z.number(),
  promptTokens: z.number(),
  completionTokens: z.number(),
  rateLimit: keyRateLimit.nullable(),
});
export type ApiKeySummary = z.infer<typeof apiKeySummary>;

/** Returned once, when the key is created: the only time the full key exists outside the client. */
export const createdKey = apiKeySummary.extend({ key: z.string() });
export type CreatedKey = z.infer<typeof createdKey>;
