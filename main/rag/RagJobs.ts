import { access } from 'node:fs/promises';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { AbortedError } from '../../common/errors.js';
import { isJobFinished, type DocumentStatus, type EmbeddingModelRecord, type JobRecord } from '../../common/rag.js';
import type { Engine } from '../engine/Engine.js';
import type { Logger } from '../log.js';
import type { Datastore, StoredDatastore } from './Datastore.js';
import { DiskFullError, isDiskFull } from './diskFull.js';
import { embedTexts } from './embedTexts.js';
import { fileSha256 } from './fileSha256.js';
import type { IngestItem, JobStore, StoredJob } from './JobStore.js';
import { tableNames, type LanceStore } from './lanceStore.js';
import type { ModelTokenizers } from './modelTokenizer.js';
import { runIngest } from './runIngest.js';
import { runReindex } from './runReindex.js';

export interface RagJobsOptions {
  store: LanceStore;
  jobStore: JobStore;
  engine: Engine;
  tokenizers: ModelTokenizers;
  logger: Logger;
  datastore: (id: string) => Datastore | undefined;
  allDatastores: () => Iterable<Datastore>;
  checkModel: (model: EmbeddingModelRecord) => Promise<void>;
  saveCatalog: (stored: StoredDatastore) => Promise<void>;
  publish: (record: JobRecord) => void;
  /** Chunks past which a datastore gets an ANN index (the ragVectorIndexRows setting). */
  vectorIndexRows: () => number;
}

function isDone(status: DocumentStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'cancelled';
}

/** Progress is published at most this often per job while embedding, so a stream isn't flooded. */
const publishEveryMs = 250;

/**
 * Ingest and reindex jobs: each runs in its datastore's writer queue (so jobs of one datastore run one
 * after another, and those of different datastores side by side), can be cancelled, and is saved so a
 * restart resumes it.
 */
export class RagJobs {
  private readonly running = new Map<string, AbortController>();
  private readonly lastPublished = new Map<string, number>();
  private disposing = false;

  constructor(private readonly options: RagJobsOptions) {}

  get(id: string): StoredJob | undefined {
    return this.options.jobStore.get(id);
  }

  newIngestJob(id: string, datastoreId: string, items: IngestItem[]): StoredJob {
    const done = items.filter((item) => item.status === 'completed');
    const record = this.newRecord(id, datastoreId, 'ingest', null);
    record.documents = items.map((item) => ({ id: item.docId, title: item.title, status: item.status, error: null }));
    record.progress.documentsTotal = items.length;
    record.progress.documentsDone = done.length;
    record.progress.bytesTotal = items.reduce((sum, item) => sum + item.bytes, 0);
    record.progress.bytesDone = done.reduce((sum, item) => sum + item.bytes, 0);
    if (done.length === items.length) Object.assign(record, { state: 'completed', finishedAt: Date.now() });
    return { record, items, reindex: null };
  }

  newReindexJob(datastoreId: string, reindex: { model: string; chunkSize: number; chunkOverlap: number }): StoredJob {
    return { record: this.newRecord(randomUUID(), datastoreId, 'reindex', reindex.model), items: [], reindex };
  }

  /** Saves the job and queues it behind its datastore's other writes. */
  async start(job: StoredJob): Promise<JobRecord> {
    await this.options.jobStore.put(job);
    this.options.publish(job.record);
    if (isJobFinished(job.record)) {
      await this.options.jobStore.removeStaged(job.record.id);
      return job.record;
    }
    const datastore = this.options.datastore(job.record.datastoreId)!;
    const controller = new AbortController();
    this.running.set(job.record.id, controller);
    if (job.reindex) {
      datastore.stored = { ...datastore.stored, record: { ...datastore.stored.record, reindexJobId: job.record.id } };
    }
    void datastore.queue.run(() => this.run(job, datastore, controller.signal));
    return job.record;
  }

  async cancel(id: string): Promise<JobRecord> {
    const job = this.get(id)!;
    if (isJobFinished(job.record)) return job.record;
    this.running.get(id)?.abort(new AbortedError('The job was cancelled.'));
    // A queued job never started: it ends here; a running one ends when its current batch is done.
    return job.record;
  }

  async cancelAll(datastoreId: string): Promise<void> {
    for (const job of this.options.jobStore.list()) if (job.record.datastoreId === datastoreId && !isJobFinished(job.record)) await this.cancel(job.record.id);
  }

  /** Forgets the jobs of a deleted datastore. */
  async forget(datastoreId: string): Promise<void> {
    for (const job of this.options.jobStore.list()) if (job.record.datastoreId === datastoreId) await this.options.jobStore.delete(job.record.id);
  }

  /** Documents of unfinished jobs still to be indexed, by id, with their job's creation time. */
  pendingItems(datastoreId: string): Map<string, IngestItem & { createdAt: number }> {
    const pending = new Map<string, IngestItem & { createdAt: number }>();
    for (const job of this.options.jobStore.list()) {
      if (job.record.datastoreId !== datastoreId || isJobFinished(job.record)) continue;
      for (const item of job.items) if (!isDone(item.status)) pending.set(item.docId, { ...item, createdAt: job.record.createdAt });
    }
    return pending;
  }

  /** A document an unfinished job will index, by its key: a second upload of it reuses its id. */
  findPendingItem(datastoreId: string, key: string): IngestItem | undefined {
    return [...this.pendingItems(datastoreId).values()].find((item) => item.key === key);
  }

  /**
   * After a restart: each unfinished job is resumed. A document whose staged file is still there starts
   * over (replacing whatever chunks of it a crash left); one whose file is gone is marked failed. A
   * reindex starts over on a fresh table. Documents left unfinished by no job lose their chunks and fail.
   */
  async recover(): Promise<void> {
    const resumed = new Set<string>();
    for (const job of this.options.jobStore.list()) {
      if (isJobFinished(job.record)) continue;
      const datastore = this.options.datastore(job.record.datastoreId);
      if (!datastore) {
        Object.assign(job.record, { state: 'failed', error: 'Its datastore no longer exists.', finishedAt: Date.now() });
        await this.options.jobStore.put(job);
        continue;
      }
      for (const item of job.items) {
        if (item.status === 'completed' || item.status === 'failed' || item.status === 'cancelled') continue;
        const staged = path.join(this.options.jobStore.stagingDir(job.record.id), item.staged);
        if (await access(staged).then(() => true, () => false)) {
          Object.assign(item, { status: 'queued', replace: true });
          resumed.add(item.docId);
        } else {
          Object.assign(item, { status: 'failed', error: 'Interrupted by a restart, and its upload was not kept; add it again.' });
        }
        const shown = job.record.documents.find((document) => document.id === item.docId);
        if (shown) Object.assign(shown, { status: item.status, error: item.error });
      }
      job.record.state = 'queued';
      this.options.logger.info({ job: job.record.id, kind: job.record.kind }, 'resuming a job a restart interrupted');
      await this.start(job);
    }
    for (const datastore of this.options.allDatastores()) {
      const orphans = datastore.listDocuments().filter((document) => !['completed', 'failed', 'cancelled'].includes(document.status) && !resumed.has(document.id));
      if (orphans.length === 0) continue;
      await datastore.queue.run(async () => {
        await datastore.deleteChunksOf(orphans.map((document) => document.id));
        await datastore.putDocuments(orphans.map((document) => ({ ...document, status: 'failed', error: 'Interrupted by a restart before it was indexed; add it again.', chunkCount: 0, updatedAt: Date.now() })));
      });
    }
    // Chunk tables of other generations are an interrupted reindex's, or an old one a crash kept from being dropped.
    for (const datastore of this.options.allDatastores()) {
      if (datastore.stored.record.reindexJobId && this.running.has(datastore.stored.record.reindexJobId)) continue;
      const current = tableNames.chunks(datastore.id, datastore.stored.generation);
      const prefix = tableNames.chunks(datastore.id, 0).slice(0, -1);
      for (const name of await this.options.store.tableNamesWithPrefix(prefix)) if (name !== current) await this.options.store.dropTable(name);
    }
  }

  async dispose(): Promise<void> {
    // Stop embedding at once; a restart resumes the jobs (they stay unfinished in jobs.json).
    this.disposing = true;
    for (const controller of this.running.values()) controller.abort(new AbortedError('Hearth is stopping.'));
  }

  private newRecord(id: string, datastoreId: string, kind: JobRecord['kind'], model: string | null): JobRecord {
    const now = Date.now();
    return {
      id,
      datastoreId,
      kind,
      state: 'queued',
      progress: { documentsTotal: 0, documentsDone: 0, documentsFailed: 0, chunksTotal: 0, chunksDone: 0, bytesTotal: 0, bytesDone: 0, chunksPerSecond: 0, etaSeconds: null },
      documents: [],
      model,
      error: null,
      createdAt: now,
      updatedAt: now,
      finishedAt: null,
    };
  }

  private async run(job: StoredJob, datastore: Datastore, signal: AbortSignal): Promise<void> {
    const record = job.record;
    const changed = async (persist = false) => {
      record.updatedAt = Date.now();
      if (persist) await this.options.jobStore.put(job);
      else this.options.jobStore.touch();
      const last = this.lastPublished.get(record.id) ?? 0;
      if (persist || record.updatedAt - last >= publishEveryMs) {
        this.lastPublished.set(record.id, record.updatedAt);
        this.options.publish(record);
      }
    };
    try {
      record.state = 'extracting';
      await changed(true);
      if (this.disposing) return;
      if (job.reindex) await this.runReindex(job, datastore, signal, changed);
      else {
        await runIngest({ job, datastore, engine: this.options.engine, tokenizers: this.options.tokenizers, stagingDir: this.options.jobStore.stagingDir(record.id), signal, logger: this.options.logger, checkModel: () => this.options.checkModel(datastore.stored.record.embeddingModel), changed, isStopping: () => this.disposing });
      }
      // Stopping: the job stays unfinished in jobs.json, and the next start resumes it.
      if (this.disposing) return;
      const failedAll = job.items.length > 0 && job.items.every((item) => item.status === 'failed');
      if (signal.aborted) record.state = 'cancelled';
      else if (failedAll) Object.assign(record, { state: 'failed', error: job.items[0]!.error });
      else record.state = 'completed';
    } catch (error) {
      if (this.disposing) return;
      if (signal.aborted) record.state = 'cancelled';
      else {
        this.options.logger.warn({ err: error, job: record.id }, 'job failed');
        // A full disk says so in words, wherever the write that found no room was (a commit, a record, optimize).
        const failure = error instanceof DiskFullError || !isDiskFull(error) ? (error as Error) : new DiskFullError(error as Error);
        Object.assign(record, { state: 'failed', error: failure.message });
        await this.failUnfinished(job, datastore, record.error!).catch((err: unknown) => this.options.logger.warn({ err }, 'could not mark documents failed'));
      }
    } finally {
      this.running.delete(record.id);
      if (job.reindex && datastore.stored.record.reindexJobId === record.id) {
        datastore.stored = { ...datastore.stored, record: { ...datastore.stored.record, reindexJobId: null } };
      }
      if (!this.disposing) {
        record.finishedAt = Date.now();
        if (record.state === 'cancelled') for (const shown of record.documents) if (!['completed', 'failed'].includes(shown.status)) shown.status = 'cancelled';
        await changed(true);
        await this.options.jobStore.removeStaged(record.id);
        this.lastPublished.delete(record.id);
        if (record.state === 'completed') this.indexInBackground(datastore);
      }
    }
  }

  /** Queued behind the job, not awaited by it: the job is complete once its rows are searchable. */
  private indexInBackground(datastore: Datastore): void {
    void datastore.queue
      .run(() => datastore.ensureVectorIndex(this.options.vectorIndexRows()))
      .then((built) => built && this.options.logger.info({ datastore: datastore.id }, 'built the vector index'))
      .catch((err: unknown) => this.options.logger.warn({ err, datastore: datastore.id }, 'vector index build failed; searches scan flat'));
  }

  /** Documents a job failure stopped before they ran fail with it, rather than staying queued forever. */
  private async failUnfinished(job: StoredJob, datastore: Datastore, error: string): Promise<void> {
    const unfinished = job.items.filter((item) => !['completed', 'failed', 'cancelled'].includes(item.status));
    for (const item of unfinished) Object.assign(item, { status: 'failed', error });
    for (const shown of job.record.documents) if (unfinished.some((item) => item.docId === shown.id)) Object.assign(shown, { status: 'failed', error });
    const records = unfinished.map((item) => datastore.getDocument(item.docId)).filter((document) => document !== undefined && document.status !== 'completed');
    await datastore.putDocuments(records.map((document) => ({ ...document!, status: 'failed' as const, error, updatedAt: Date.now() })));
  }

  private async runReindex(job: StoredJob, datastore: Datastore, signal: AbortSignal, changed: (persist?: boolean) => Promise<void>): Promise<void> {
    const target = job.reindex!;
    const info = await this.options.engine.getModel(target.model);
    const [probe] = await embedTexts(['dimension probe'], { engine: this.options.engine, model: info.id, signal });
    const model: EmbeddingModelRecord = { id: info.id, sha256: await fileSha256(info.file), dimension: probe!.length };
    await runReindex({
      job,
      datastore,
      store: this.options.store,
      engine: this.options.engine,
      tokenizers: this.options.tokenizers,
      signal,
      model,
      chunkSize: target.chunkSize,
      chunkOverlap: target.chunkOverlap,
      changed,
      swap: async (generation) => {
        const stored: StoredDatastore = {
          generation,
          record: { ...datastore.stored.record, embeddingModel: model, chunkSize: target.chunkSize, chunkOverlap: target.chunkOverlap, reindexJobId: null, updatedAt: Date.now() },
        };
        await this.options.saveCatalog(stored);
        datastore.stored = stored;
      },
    });
  }
}
