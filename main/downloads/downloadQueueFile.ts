import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { downloadRecord, type DownloadRecord } from '../../common/downloads.js';
import { withFileLock } from '../util/withFileLock.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';

const queueFile = z.object({ version: z.literal(1), downloads: z.array(downloadRecord) });

/** Finished downloads kept for the list after a restart. */
const keptFinished = 50;

/** @internal The download queue as saved in downloads.json in the data dir. */
export function queueFilePath(dataDir: string): string {
  return path.join(dataDir, 'downloads.json');
}

/** @internal */
export async function readQueue(dataDir: string): Promise<DownloadRecord[]> {
  let text: string;
  try {
    text = await readFile(queueFilePath(dataDir), 'utf8');
  } catch {
    return [];
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return [];
  }
  const parsed = queueFile.safeParse(json);
  // A damaged queue only loses the list; the .part files stay and a new pull resumes them.
  return parsed.success ? parsed.data.downloads : [];
}

/**
 * Saves this process's records into downloads.json. The app and `hearth models pull` may share a data
 * dir, so the file is read again under an inter-process lock and merged by id (the newer `updatedAt`
 * wins): neither process's write drops the downloads only the other one knows.
 * @internal
 */
export async function writeQueue(dataDir: string, records: DownloadRecord[]): Promise<void> {
  const file = queueFilePath(dataDir);
  await withFileLock(file, async () => {
    const merged = new Map((await readQueue(dataDir)).map((r) => [r.id, r]));
    for (const record of records) {
      const theirs = merged.get(record.id);
      if (!theirs || theirs.updatedAt <= record.updatedAt) merged.set(record.id, record);
    }
    const all = [...merged.values()].sort((a, b) => a.createdAt - b.createdAt);
    const active = all.filter((r) => !isFinished(r));
    const finished = all.filter(isFinished).slice(-keptFinished);
    await writeFileAtomic(file, `${JSON.stringify({ version: 1, downloads: [...finished, ...active] }, null, 2)}\n`);
  });
}

export function isFinished(record: DownloadRecord): boolean {
  return record.state === 'completed' || record.state === 'failed' || record.state === 'cancelled';
}
