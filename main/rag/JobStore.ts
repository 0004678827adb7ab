import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { documentStatus, isJobFinished, jobRecord } from '../../common/rag.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';

/** One document of an ingest job, with what is needed to run (or resume) it after a restart. */
export const ingestItem = z.object({
  docId: z.string(),
  /** What identifies the document when added again (see StoredDocument.key). */
  key: z.string(),
  title: z.string(),
  sourceName: z.string(),
  mimeType: z.string(),
  kind: z.enum(['pdf', 'docx', 'html', 'markdown', 'text']),
  bytes: z.number(),
  sha256: z.string(),
  /** The staged upload inside the job's folder. */
  staged: z.string(),
  /** The document may have chunks already (a changed document, or one resumed after a crash): replace them. */
  replace: z.boolean(),
  status: documentStatus,
  error: z.string().nullable(),
});
export type IngestItem = z.infer<typeof ingestItem>;

export const storedJob = z.object({
  record: jobRecord,
  items: z.array(ingestItem),
  /** A reindex job's target. */
  reindex: z.object({ model: z.string(), chunkSize: z.number(), chunkOverlap: z.number() }).nullable(),
});
export type StoredJob = z.infer<typeof storedJob>;

/** Finished jobs kept for GET /v1/jobs/:id after they end. */
const keptFinishedJobs = 200;
/** Progress is saved at most this often; state changes at once. */
const progressSaveMs = 2_000;

/**
 * Jobs and their staged uploads, in `<data>/rag-jobs/`: jobs.json (written atomically) and one folder
 * per job holding its uploaded files until each is indexed. A job that was running when the process
 * died is found here at the next start and resumed.
 */
export class JobStore {
  private readonly jobs = new Map<string, StoredJob>();
  private saveTimer: NodeJS.Timeout | undefined;
  private saving: Promise<void> = Promise.resolve();

  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<JobStore> {
    const store = new JobStore(dir);
    const text = await readFile(store.file, 'utf8').catch(() => '[]');
    let jobs: StoredJob[] = [];
    try {
      jobs = z.array(storedJob).parse(JSON.parse(text));
    } catch {
      // An unreadable job list (hand-edited, or from another version) must not stop the server: start empty.
      jobs = [];
    }
    for (const job of jobs) store.jobs.set(job.record.id, job);
    // Staged folders of jobs that are gone (finished and pruned, or a lost list) hold nothing to resume.
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const job = store.jobs.get(name);
      if (/^[0-9a-f-]{36}$/.test(name) && (!job || isJobFinished(job.record))) await rm(path.join(dir, name), { recursive: true, force: true });
    }
    return store;
  }

  private get file(): string {
    return path.join(this.dir, 'jobs.json');
  }

  stagingDir(jobId: string): string {
    return path.join(this.dir, jobId);
  }

  get(id: string): StoredJob | undefined {
    return this.jobs.get(id);
  }

  list(): StoredJob[] {
    return [...this.jobs.values()];
  }

  /** Saves now: a new job, or a state change a restart must see. */
  async put(job: StoredJob): Promise<void> {
    this.jobs.set(job.record.id, job);
    this.prune();
    await this.saveNow();
  }

  /** Saves progress soon; at most one write per interval. */
  touch(): void {
    this.saveTimer ??= setTimeout(() => {
      this.saveTimer = undefined;
      void this.saveNow().catch(() => {});
    }, progressSaveMs);
    this.saveTimer.unref?.();
  }

  async removeStaged(jobId: string): Promise<void> {
    await rm(this.stagingDir(jobId), { recursive: true, force: true });
  }

  async close(): Promise<void> {
    clearTimeout(this.saveTimer);
    this.saveTimer = undefined;
    await this.saveNow().catch(() => {});
  }

  private saveNow(): Promise<void> {
    const snapshot = JSON.stringify([...this.jobs.values()]);
    this.saving = this.saving.catch(() => {}).then(() => writeFileAtomic(this.file, snapshot));
    return this.saving;
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((job) => isJobFinished(job.record)).sort((a, b) => a.record.updatedAt - b.record.updatedAt);
    for (const job of finished.slice(0, Math.max(0, finished.length - keptFinishedJobs))) this.jobs.delete(job.record.id);
  }

  /** Forgets a job (its datastore was deleted). */
  async delete(id: string): Promise<void> {
    this.jobs.delete(id);
    await this.removeStaged(id);
    await this.saveNow();
  }
}
