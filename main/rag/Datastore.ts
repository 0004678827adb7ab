import type { Table } from '@lancedb/lancedb';
import type { DatastoreRecord, DocumentRecord } from '../../common/rag.js';
import { LanceStore, sqlIn, tableNames, type ChunkRow, type TextRow } from './lanceStore.js';
import { loadLance } from './loadLance.js';
import { WriterQueue } from './WriterQueue.js';

/** A datastore as the catalog keeps it: the record, and which chunks table answers queries. */
export interface StoredDatastore {
  record: Omit<DatastoreRecord, 'documentCount' | 'chunkCount'>;
  generation: number;
}

/** A document as its table keeps it: the record, and what identifies it when it is added again. */
export interface StoredDocument extends DocumentRecord {
  /** The file name for files, the title for titled text, the content hash for untitled text. */
  key: string;
}

/** What one commit writes: whole documents, so a search never sees part of one. */
export interface CommitBatch {
  chunks: ChunkRow[];
  texts: TextRow[];
  documents: StoredDocument[];
  /** Documents whose earlier chunks this commit replaces. */
  replaceDocIds: string[];
}

/** Index builds run longer than this are given up on (logged); the index is retried after the next job. */
const indexWatchdogMs = 15 * 60_000;

/**
 * One datastore's tables and its writer queue. Reads (search, listing) go straight to the tables; every
 * write goes through `queue`.
 */
export class Datastore {
  readonly queue = new WriterQueue();
  private readonly documents = new Map<string, StoredDocument>();

  private constructor(
    private readonly store: LanceStore,
    public stored: StoredDatastore,
  ) {}

  static async open(store: LanceStore, stored: StoredDatastore): Promise<Datastore> {
    const datastore = new Datastore(store, stored);
    for (const document of await store.readJson<StoredDocument>(tableNames.documents(stored.record.id))) datastore.documents.set(document.id, document);
    return datastore;
  }

  /** Creates the tables of a new datastore, the full-text index included (it indexes rows as they come). */
  static async create(store: LanceStore, stored: StoredDatastore): Promise<Datastore> {
    await store.jsonTable(tableNames.documents(stored.record.id));
    await store.textsTable(stored.record.id);
    await createChunksTable(store, stored.record.id, stored.generation, stored.record.embeddingModel.dimension);
    return new Datastore(store, stored);
  }

  get id(): string {
    return this.stored.record.id;
  }

  get record(): DatastoreRecord {
    const documents = [...this.documents.values()];
    const chunkCount = documents.reduce((sum, document) => sum + (document.status === 'completed' ? document.chunkCount : 0), 0);
    return { ...this.stored.record, documentCount: documents.length, chunkCount };
  }

  chunksTable(generation = this.stored.generation): Promise<Table> {
    return this.store.chunksTable(this.id, generation, this.stored.record.embeddingModel.dimension);
  }

  listDocuments(): StoredDocument[] {
    return [...this.documents.values()].sort((a, b) => a.addedAt - b.addedAt);
  }

  getDocument(id: string): StoredDocument | undefined {
    return this.documents.get(id);
  }

  findDocumentByKey(key: string): StoredDocument | undefined {
    return [...this.documents.values()].find((document) => document.key === key);
  }

  /** Saves document records (no chunks); call inside the queue. */
  async putDocuments(documents: StoredDocument[]): Promise<void> {
    await this.store.putJson(tableNames.documents(this.id), documents);
    for (const document of documents) this.documents.set(document.id, document);
  }

  /**
   * Writes whole documents: their chunks first (one commit: an add, or a merge that also deletes the
   * replaced documents' old chunks), then their texts and records. A crash between them leaves complete
   * chunks of a document whose record is not yet completed; its job resumes it and replaces them.
   */
  async commit(batch: CommitBatch, generation = this.stored.generation): Promise<void> {
    const chunks = await this.chunksTable(generation);
    if (batch.replaceDocIds.length > 0) {
      await chunks
        .mergeInsert('id')
        .whenMatchedUpdateAll()
        .whenNotMatchedInsertAll()
        .whenNotMatchedBySourceDelete({ where: sqlIn('doc_id', batch.replaceDocIds) })
        .execute(batch.chunks);
    } else if (batch.chunks.length > 0) {
      await chunks.add(batch.chunks);
    }
    if (batch.texts.length > 0) {
      const texts = await this.store.textsTable(this.id);
      await texts.mergeInsert('doc_id').whenMatchedUpdateAll().whenNotMatchedInsertAll().execute(batch.texts);
    }
    await this.putDocuments(batch.documents);
  }

  /** Removes a document's chunks, text and record; call inside the queue. */
  async deleteDocument(id: string): Promise<void> {
    await (await this.chunksTable()).delete(sqlIn('doc_id', [id]));
    await (await this.store.textsTable(this.id)).delete(sqlIn('doc_id', [id]));
    await this.store.deleteJson(tableNames.documents(this.id), [id]);
    this.documents.delete(id);
  }

  /** Chunks of documents whose records are not completed: what a crash between commits leaves. */
  async deleteChunksOf(ids: string[]): Promise<void> {
    if (ids.length > 0) await (await this.chunksTable()).delete(sqlIn('doc_id', ids));
  }

  /**
   * Compacts the tables and brings the indexes up to date: rows added since the last optimize are
   * searched without the index (full-text: without phrases) until then. Old versions are pruned after a
   * minute, which in-flight reads of them outlive.
   */
  async optimize(generation = this.stored.generation): Promise<void> {
    const cleanupOlderThan = new Date(Date.now() - 60_000);
    await withWatchdog((async () => (await this.chunksTable(generation)).optimize({ cleanupOlderThan }))(), 'optimize');
    await (await this.store.textsTable(this.id)).optimize({ cleanupOlderThan });
    await (await this.store.jsonTable(tableNames.documents(this.id))).optimize({ cleanupOlderThan });
  }

  /**
   * Builds an IVF-PQ index once the table has `threshold` rows: below that a flat scan is fast enough
   * (~23 ms at 10k rows here), and the build is long (~190 s for 100k rows on 2 cores).
   */
  async ensureVectorIndex(threshold: number): Promise<boolean> {
    const table = await this.chunksTable();
    if ((await table.countRows()) < threshold) return false;
    if ((await table.listIndices()).some((index) => index.columns.includes('vector'))) return false;
    const lancedb = await loadLance();
    await withWatchdog(table.createIndex('vector', { config: lancedb.Index.ivfPq({ distanceType: 'cosine' }) }), 'vector index');
    return true;
  }
}

export async function createChunksTable(store: LanceStore, datastoreId: string, generation: number, dimension: number): Promise<void> {
  const lancedb = await loadLance();
  const table = await store.chunksTable(datastoreId, generation, dimension);
  // Positions make quoted phrases searchable; built on the empty table, the index then grows with each optimize().
  if (!(await table.listIndices()).some((index) => index.indexType === 'FTS')) {
    await withWatchdog(table.createIndex('text', { config: lancedb.Index.fts({ withPosition: true }) }), 'full-text index');
  }
}

/** Rejects when a LanceDB build runs past the watchdog; the native work can't be stopped, only no longer awaited. */
function withWatchdog<T>(work: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`The ${what} build did not finish in ${indexWatchdogMs / 60_000} minutes.`)), indexWatchdogMs);
    timer.unref();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
