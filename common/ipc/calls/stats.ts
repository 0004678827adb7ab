import { z } from 'zod';
import type { RequestRecord, StatsReport } from '../../stats.js';

// The server's own types (common/stats.ts); checked by the compiler on both sides, not again at run time.
export const requestRecord = z.custom<RequestRecord>((value) => typeof value === 'object' && value !== null && 'requestId' in value);
export const statsReport = z.custom<StatsReport>((value) => typeof value === 'object' && value !== null && 'models' in value && 'keys' in value);

export const statsCalls = {
  /** Usage per model and per key since the server started. */
  'stats:get': { input: z.object({}).strict(), output: statsReport },
  /** The newest API requests first. */
  'requests:list': { input: z.object({ limit: z.number().int().min(1).max(10_000).default(500) }).strict(), output: z.array(requestRecord) },
} as const;
