import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { writeFileAtomic } from '../util/writeFileAtomic.js';

export const keyUsage = z.object({
  requests: z.number().default(0),
  promptTokens: z.number().default(0),
  completionTokens: z.number().default(0),
  lastUsedAt: z.string().nullable().default(null),
});
export type KeyUsage = z.infer<typeof keyUsage>;

const usageFile = z.record(z.string(), keyUsage);

/**
 * Lifetime counters per key. Only the server writes them, debounced, so a crash
 * may lose the last few seconds of counts; that is statistics, not keys, and
 * not worth an fsync per request. The file is replaced atomically, so it is
 * always readable.
 */
export async function readUsageFile(file: string): Promise<Map<string, KeyUsage>> {
  try {
    const parsed = usageFile.safeParse(JSON.parse(await readFile(file, 'utf8')));
    return new Map(parsed.success ? Object.entries(parsed.data) : []);
  } catch {
    // Missing or unreadable counters start again from zero; the keys themselves are unaffected.
    return new Map();
  }
}

export async function writeUsageFile(file: string, usage: Map<string, KeyUsage>): Promise<void> {
  await writeFileAtomic(file, `${JSON.stringify(Object.fromEntries(usage))}\n`);
}

export function emptyUsage(): KeyUsage {
  return { requests: 0, promptTokens: 0, completionTokens: 0, lastUsedAt: null };
}
