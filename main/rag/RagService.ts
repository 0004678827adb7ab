import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { InvalidRequestError, ModelNotFoundError, NotFoundError } from '../../common/errors.js';
import {
  addTextInput,
  createDatastoreInput,
  EmbeddingModelChangedError,
  queryInput,
  reindexInput,
  updateDatastoreInput,
  type DatastoreRecord,
  type DocumentRecord,
  type EmbeddingModelRecord,
  type JobRecord,
  type SearchResult,
} from '../../common/rag.js';
import type { SettingsStore } from '../config/SettingsStore.js';
import type { Engine } from '../engine/Engine.js';
import type { Logger } from '../log.js';
import { assertReadable, assertWritable, canRead, type Actor } from './access.js';
import { Datastore, type StoredDatastore, type StoredDocument } from './Datastore.js';
import { embedTexts } from './embedTexts.js';
import type { DocumentKind } from './fileTypes.js';
import { fileSha256 } from './fileSha256.js';
import { JobStore, type IngestItem } from './JobStore.js';
import { LanceStore, removeTempFiles, sqlIn, tableNames } from './lanceStore.js';
import { ModelTokenizers } from './modelTokenizer.js';
import { resolveRagLocation, type RagLocation } from './ragUri.js';
import { RagJobs } from './RagJobs.js';
import { searchChunks } from './searchChunks.js';
import { acquireWriterLock } from './writerLock.js';
import { WriterQueue } from './WriterQueue.js';

/** A file an upload wrote into a job's staging folder, before the job exists. */
export interface StagedUpload {
  /** The file's name inside the staging folder. */
  staged: string;
  fileName: string;
  kind: DocumentKind;
  mimeType: string;
  bytes: number;
  sha256: string;
  title?: string;
}

export interface RagServiceOptions {
  settings: SettingsStore;
  engine: Engine;
  logger: Logger;
  /** The current alias of an API key, for owner names. */
  keyAlias?: (keyId: string) => string | undefined;
}

/**
 * RAG datastores: records, documents, ingestion and reindex jobs, and search, over one LanceDB database
 * (`<data>/datastores`, or the `ragUri` setting). The only writer of its data folder's datastores.
 */
export class RagService extends EventEmitter<{ job: [JobRecord] }> {
  private readonly datastores = new Map<string, Datastore>();
  private readonly catalogQueue = new WriterQueue();
  private readonly jobs: RagJobs;

  private constructor(
    readonly location: RagLocation,
    private readonly store: LanceStore,
    private readonly jobStore: JobStore,
    private readonly options: RagServiceOptions,
    private readonly tokenizers: ModelTokenizers,
    private readonly releaseLock: () => Promise<void>,
  ) {
    super();
    this.jobs = new RagJobs({
      store,
      jobStore,
      engine: options.engine,
      tokenizers,
      logger: options.logger,
      datastore: (id) => this.datastores.get(id),
      allDatastores: () => this.datastores.values(),
      checkModel: (record) => this.checkModel(record),
      saveCatalog: (stored) => this.saveCatalog(stored),
      publish: (record) => this.emit('job', record),
      vectorIndexRows: () => options.settings.get().ragVectorIndexRows,
    });
  }

  static async open(options: RagServiceOptions): Promise<RagService> {
    const { dataDir, ragUri } = options.settings.get();
    const location = resolveRagLocation(ragUri, dataDir);
    const jobsDir = path.join(dataDir, 'rag-jobs');
    const releaseLock = await acquireWriterLock(jobsDir);
    try {
      if (location.localDir) {
        await mkdir(location.localDir, { recursive: true });
        const removed = await removeTempFiles(location.localDir);
        if (removed.length > 0) options.logger.warn({ files: removed.length }, 'removed temporary files an interrupted write left');
      }
      const store = await LanceStore.open(location.uri);
      const jobStore = await JobStore.open(jobsDir);
      const service = new RagService(location, store, jobStore, options, new ModelTokenizers(options.engine), releaseLock);
      await service.load();
      return service;
    } catch (error) {
      await releaseLock();
      throw error;
    }
  }

  // ---- Datastores

  list(actor: Actor): DatastoreRecord[] {
    return [...this.datastores.values()].map((d) => d.record).filter((record) => canRead(actor, record)).sort((a, b) => a.createdAt - b.createdAt);
  }

  get(actor: Actor, id: string): DatastoreRecord {
    return assertReadable(actor, id, this.datastores.get(id)?.record);
  }

  /** The owner's current key alias (it may have been renamed), else the one saved at creation. */
  ownerName(record: DatastoreRecord): string {
    return (record.ownerKeyId && this.options.keyAlias?.(record.ownerKeyId)) || record.ownerName;
  }

  async create(actor: Actor, body: unknown): Promise<DatastoreRecord> {
    const input = createDatastoreInput.parse(body ?? {});
    const embeddingModel = await this.describeModel(input.model);
    const now = Date.now();
    const stored: StoredDatastore = {
      generation: 1,
      record: {
        id: randomUUID(),
        name: input.name,
        description: input.description,
        embeddingModel,
        chunkSize: input.chunkSize,
        chunkOverlap: input.chunkOverlap,
        ownerKeyId: actor.keyId,
        ownerName: actor.name,
        visibility: input.visibility,
        reindexJobId: null,
        createdAt: now,
        updatedAt: now,
      },
    };
    const datastore = await Datastore.create(this.store, stored);
    await this.saveCatalog(stored);
    this.datastores.set(stored.record.id, datastore);
    return datastore.record;
  }

  async update(actor: Actor, id: string, body: unknown): Promise<DatastoreRecord> {
    const patch = updateDatastoreInput.parse(body ?? {});
    const datastore = this.writable(actor, id);
    const stored: StoredDatastore = { ...datastore.stored, record: { ...datastore.stored.record, ...patch, updatedAt: Date.now() } };
    await this.saveCatalog(stored);
    datastore.stored = stored;
    return datastore.record;
  }

  /** Cancels its jobs, then drops its tables. */
  async delete(actor: Actor, id: string): Promise<void> {
    const datastore = this.writable(actor, id);
    this.datastores.delete(id);
    await this.jobs.cancelAll(id);
    await datastore.queue.run(async () => {
      await this.catalogQueue.run(() => this.store.deleteJson(tableNames.catalog, [id]));
      await this.store.dropDatastore(id);
    });
    await this.jobs.forget(id);
  }

  // ---- Documents

  /** Documents as stored, with the status their unfinished job gives them, and those a job has yet to reach. */
  listDocuments(actor: Actor, id: string): DocumentRecord[] {
    const datastore = this.readable(actor, id);
    const pending = this.jobs.pendingItems(id);
    const listed = datastore.listDocuments().map((document) => {
      const item = pending.get(document.id);
      return publicDocument(item ? { ...document, status: item.status, error: null } : document);
    });
    for (const [docId, item] of pending) {
      if (datastore.getDocument(docId)) continue;
      const { createdAt } = item;
      listed.push({ id: docId, datastoreId: id, title: item.title, sourceName: item.sourceName, mimeType: item.mimeType, bytes: item.bytes, sha256: item.sha256, chunkCount: 0, status: item.status, error: null, addedAt: createdAt, updatedAt: createdAt });
    }
    return listed;
  }

  async removeDocument(actor: Actor, id: string, documentId: string): Promise<void> {
    const datastore = this.writable(actor, id);
    if (!datastore.getDocument(documentId)) throw new NotFoundError(`No document '${documentId}' in datastore '${id}'.`, { code: 'document_not_found' });
    await datastore.queue.run(() => datastore.deleteDocument(documentId));
  }

  /** A fresh job id and the folder an upload stages its files in; the job starts with addDocuments. */
  async beginUpload(actor: Actor, id: string): Promise<{ jobId: string; dir: string }> {
    this.writable(actor, id);
    const jobId = randomUUID();
    const dir = this.jobStore.stagingDir(jobId);
    await mkdir(dir, { recursive: true });
    return { jobId, dir };
  }

  /** Drops an upload's staged files when it failed before its job started. */
  async abortUpload(jobId: string): Promise<void> {
    if (!this.jobStore.get(jobId)) await this.jobStore.removeStaged(jobId);
  }

  /** Raw text, staged as a file so the job can resume it after a restart like any upload. */
  async addText(actor: Actor, id: string, body: unknown): Promise<JobRecord> {
    const input = addTextInput.parse(body ?? {});
    const { jobId, dir } = await this.beginUpload(actor, id);
    const bytes = Buffer.from(input.text, 'utf8');
    await writeFile(path.join(dir, '0'), bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const title = input.title ?? (input.text.trim().split('\n')[0]!.slice(0, 80) || 'text');
    return this.addDocuments(actor, id, jobId, [{ staged: '0', fileName: input.title ? `text:${input.title}` : `text:${sha256}`, kind: 'markdown', mimeType: 'text/plain', bytes: bytes.length, sha256, title }]);
  }

  /**
   * Starts an ingest job over staged files. A document is known by its file name (a titled text by its
   * title): unchanged (same sha256, indexed) it is a no-op, changed it is replaced in one commit. Nothing
   * is written to the datastore here: a job may be running, and every write waits for the writer queue;
   * until its job reaches it, a new document is listed from the job (saved in jobs.json).
   */
  async addDocuments(actor: Actor, id: string, jobId: string, uploads: StagedUpload[]): Promise<JobRecord> {
    const datastore = this.writable(actor, id);
    if (uploads.length === 0) throw new InvalidRequestError('No document to add: send files as multipart/form-data, or JSON {"text", "title"}.', { param: 'file' });
    const items: IngestItem[] = [];
    for (const upload of uploads) {
      const key = upload.fileName;
      const sourceName = key.startsWith('text:') ? 'text' : upload.fileName;
      const stored = datastore.findDocumentByKey(key);
      const pending = items.find((item) => item.key === key) ?? this.jobs.findPendingItem(id, key);
      const unchanged = !pending && stored?.status === 'completed' && stored.sha256 === upload.sha256;
      items.push({
        docId: pending?.docId ?? stored?.id ?? randomUUID(),
        key,
        title: upload.title ?? sourceName,
        sourceName,
        mimeType: upload.mimeType,
        kind: upload.kind,
        bytes: upload.bytes,
        sha256: upload.sha256,
        staged: upload.staged,
        replace: stored !== undefined || pending !== undefined,
        status: unchanged ? 'completed' : 'queued',
        error: null,
      });
    }
    return this.jobs.start(this.jobs.newIngestJob(jobId, id, items));
  }

  // ---- Search

  async query(actor: Actor, id: string, body: unknown): Promise<SearchResult[]> {
    const input = queryInput.parse(body ?? {});
    const datastore = this.readable(actor, id);
    return this.search(datastore, input.query, input);
  }

  /**
   * The search behind every query route (and, later, chat with datastores): the query embedded by the
   * datastore's own model, ranked by the mode, filtered by score and documents.
   */
  async search(datastore: Datastore, query: string, options: { mode: 'vector' | 'fts' | 'hybrid'; topK: number; minScore?: number; documentIds?: string[]; minSimilarity?: number }): Promise<SearchResult[]> {
    const record = datastore.stored.record;
    await this.checkModel(record.embeddingModel);
    const [vector] = await embedTexts([query], { engine: this.options.engine, model: record.embeddingModel.id });
    const table = await datastore.chunksTable();
    let hits;
    try {
      hits = await searchChunks(table, {
        mode: options.mode,
        vector: vector!,
        text: query,
        limit: options.topK,
        where: options.documentIds ? sqlIn('doc_id', options.documentIds) : undefined,
      });
    } catch (error) {
      // LanceDB parses full-text queries (quotes make phrases): a query it can't parse is the caller's to fix.
      if (/invalid user input|syntax|parse/i.test((error as Error).message)) throw new InvalidRequestError(`The query could not be searched: ${(error as Error).message}`, { param: 'query' });
      throw error;
    }
    return hits
      .filter((hit) => (options.minScore === undefined || hit.score >= options.minScore) && (options.minSimilarity === undefined || hit.similarity >= options.minSimilarity))
      .map((hit) => ({
        chunkId: hit.id,
        datastoreId: record.id,
        documentId: hit.docId,
        documentTitle: hit.docTitle,
        sourceName: hit.sourceName,
        text: hit.text,
        score: hit.score,
        similarity: hit.similarity,
        position: { index: hit.chunkIndex, start: hit.start, end: hit.end, page: hit.page },
      }));
  }

  /** A readable datastore, for routes that search it themselves (LoLLMs' query). */
  readable(actor: Actor, id: string): Datastore {
    assertReadable(actor, id, this.datastores.get(id)?.record);
    return this.datastores.get(id)!;
  }

  // ---- Reindex and jobs

  async reindex(actor: Actor, id: string, body: unknown): Promise<JobRecord> {
    const input = reindexInput.parse(body ?? {});
    const datastore = this.writable(actor, id);
    const chunkSize = input.chunkSize ?? datastore.stored.record.chunkSize;
    const chunkOverlap = input.chunkOverlap ?? Math.min(datastore.stored.record.chunkOverlap, chunkSize - 1);
    if (chunkOverlap >= chunkSize) throw new InvalidRequestError('chunkOverlap must be smaller than chunkSize.', { param: 'chunkOverlap' });
    await this.describeModel(input.model);
    return this.jobs.start(this.jobs.newReindexJob(id, { model: input.model, chunkSize, chunkOverlap }));
  }

  getJob(actor: Actor, jobId: string): JobRecord {
    const job = this.jobs.get(jobId);
    if (!job) throw jobNotFound(jobId);
    const datastore = this.datastores.get(job.record.datastoreId);
    // A job is its datastore writers' business: others get the same 404 as for a job that doesn't exist.
    if (!datastore || !canWriteRecord(actor, datastore.record)) throw jobNotFound(jobId);
    return job.record;
  }

  async cancelJob(actor: Actor, jobId: string): Promise<JobRecord> {
    this.getJob(actor, jobId);
    return this.jobs.cancel(jobId);
  }

  async dispose(): Promise<void> {
    await this.jobs.dispose();
    await Promise.all([...this.datastores.values()].map((datastore) => datastore.queue.drain()));
    await this.jobStore.close();
    await this.tokenizers.dispose();
    this.store.close();
    await this.releaseLock();
  }

  // ---- Internals

  private writable(actor: Actor, id: string): Datastore {
    assertWritable(actor, id, this.datastores.get(id)?.record);
    return this.datastores.get(id)!;
  }

  private saveCatalog(stored: StoredDatastore): Promise<void> {
    return this.catalogQueue.run(() => this.store.putJson(tableNames.catalog, [{ id: stored.record.id, ...stored }]));
  }

  /** The model a datastore would be made with: its id, file hash and vector size (one probe embedding). */
  private async describeModel(name: string): Promise<EmbeddingModelRecord> {
    const info = await this.options.engine.getModel(name);
    const [probe] = await embedTexts(['dimension probe'], { engine: this.options.engine, model: info.id });
    return { id: info.id, sha256: await fileSha256(info.file), dimension: probe!.length };
  }

  /** Vectors from another model would be silently wrong: refuse when the model is gone or its file changed. */
  private async checkModel(model: EmbeddingModelRecord): Promise<void> {
    let file: string;
    try {
      file = (await this.options.engine.getModel(model.id)).file;
    } catch (error) {
      if (error instanceof ModelNotFoundError) throw new EmbeddingModelChangedError(`This datastore's embedding model '${model.id}' is no longer installed. Install it again, or reindex the datastore with another model.`);
      throw error;
    }
    const sha256 = await fileSha256(file);
    if (sha256 !== model.sha256) throw new EmbeddingModelChangedError(`The file of embedding model '${model.id}' changed since this datastore was indexed; its vectors would not match. Reindex the datastore.`);
  }

  /** Opens every datastore, then resumes the jobs a restart interrupted. */
  private async load(): Promise<void> {
    const catalog = await this.store.readJson<StoredDatastore & { id: string }>(tableNames.catalog);
    for (const { id: _id, ...stored } of catalog) {
      const datastore = await Datastore.open(this.store, stored);
      this.datastores.set(stored.record.id, datastore);
    }
    await this.jobs.recover();
  }
}

function publicDocument(document: StoredDocument): DocumentRecord {
  const { key: _key, ...record } = document;
  return record;
}

function canWriteRecord(actor: Actor, record: DatastoreRecord): boolean {
  return actor.role === 'admin' || record.ownerKeyId === actor.keyId;
}

function jobNotFound(jobId: string): NotFoundError {
  return new NotFoundError(`No job '${jobId}'.`, { code: 'job_not_found' });
}
