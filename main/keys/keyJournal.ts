import { existsSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { keyRateLimit, keyRole } from '../../common/keys.js';

/**
 * The key store on disk: an append-only journal, one JSON record per line.
 *
 * Why a journal rather than rewriting a keys.json with writeFileAtomic: the CLI
 * and a running server both write to the store. A rewrite is read-modify-write,
 * so two processes writing at once lose one update unless they share a lock,
 * and a lock left behind by a kill -9 has to go stale before anyone can write
 * again. Appends with O_APPEND never overwrite each other, need no lock, and
 * every operation (create, revoke, delete) replays the same in any process.
 * A record counts as acknowledged only after fsync returns; a kill -9 can at
 * worst leave the last, unacknowledged line cut short, and the reader skips it.
 * Key operations happen at human pace, so the file stays small without compaction.
 */
export const journalRecord = z.discriminatedUnion('op', [
  z.object({
    op: z.literal('create'),
    id: z.string(),
    alias: z.string(),
    role: keyRole,
    /** SHA-256 of the whole key, hex. */
    hash: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: z.string(),
    expiresAt: z.string().nullable(),
    rateLimit: keyRateLimit.nullable(),
  }),
  z.object({ op: z.literal('revoke'), id: z.string(), at: z.string() }),
  z.object({ op: z.literal('delete'), id: z.string(), at: z.string() }),
]);
export type JournalRecord = z.infer<typeof journalRecord>;

/** Appends one record and returns once it is on disk. */
export async function appendRecord(file: string, record: JournalRecord): Promise<void> {
  const isNew = !existsSync(file);
  const handle = await open(file, 'a', 0o600);
  try {
    // The leading newline ends any line a crashed writer left cut short, so that
    // half line can't swallow this record.
    await handle.write(`\n${JSON.stringify(record)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  if (isNew && process.platform !== 'win32') {
    // A new file's directory entry must reach the disk too, or the file can vanish with a power cut.
    const dir = await open(path.dirname(file), 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}

export interface JournalContents {
  records: JournalRecord[];
  /** Complete lines that could not be read (a write cut short by a crash, or hand edits). */
  skipped: number;
}

export async function readJournal(file: string): Promise<JournalContents> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], skipped: 0 };
    throw error;
  }
  const lines = text.split('\n');
  // Text after the last newline is a record still being written by another process (or cut off); not ours yet.
  lines.pop();
  const records: JournalRecord[] = [];
  let skipped = 0;
  for (const line of lines) {
    if (line.trim() === '') continue;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch {
      skipped++;
      continue;
    }
    const parsed = journalRecord.safeParse(json);
    if (parsed.success) records.push(parsed.data);
    else skipped++;
  }
  return { records, skipped };
}
