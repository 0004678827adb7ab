import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { downloadRecord, type DownloadRecord } from '../../common/downloads.js';
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
  const parsed = queueFile.safeParse(JSON.parse(text));
  // A damaged queue only loses the list; the .part files stay and a new pull resumes them.
  return parsed.success ? parsed.data.downloads : [];
}

/** @internal */
export async function writeQueue(dataDir: string, records: DownloadRecord[]): Promise<void> {
  const active = records.filter((r) => !isFinished(r));
  const finished = records.filter(isFinished).slice(-keptFinished);
  await writeFileAtomic(queueFilePath(dataDir), `${JSON.stringify({ version: 1, downloads: [...finished, ...active] }, null, 2)}\n`);
}

export function isFinished(record: DownloadRecord): boolean {
  return record.state === 'completed' || record.state === 'failed' || record.state === 'cancelled';
}
