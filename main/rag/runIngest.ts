import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { isHearthError } from '../../common/errors.js';
import type { DocumentStatus } from '../../common/rag.js';
import type { Engine } from '../engine/Engine.js';
import type { Logger } from '../log.js';
import { chunkText } from './chunkText.js';
import { DiskFullError, isDiskFull } from './diskFull.js';
import type { CommitBatch, Datastore, StoredDocument } from './Datastore.js';
import { embedTexts } from './embedTexts.js';
import { ExtractionError, extractText } from './extractText.js';
import type { IngestItem, StoredJob } from './JobStore.js';
import type { ChunkRow } from './lanceStore.js';
import type { ModelTokenizers } from './modelTokenizer.js';
import { ProgressMeter } from './ProgressMeter.js';

export interface IngestContext {
  job: StoredJob;
  datastore: Datastore;
  engine: Engine;
  tokenizers: ModelTokenizers;
  stagingDir: string;
  signal: AbortSignal;
  logger: Logger;
  /** Checks the datastore's model is still the one its vectors came from; throws if not. */
  checkModel: () => Promise<void>;
  /** A change to publish (and save soon); `persist` saves at once. */
  changed: (persist?: boolean) => Promise<void>;
  /** The process is stopping: leave every unfinished document as it is, for the next start to resume. */
  isStopping: () => boolean;
}

/** Chunks committed together: fewer, larger LanceDB commits, and a bounded amount held in memory. */
const commitChunks = 2048;
const commitDocuments = 64;

/**
 * Runs an ingest job inside its datastore's writer queue: each document is read, chunked in the embedding
 * model's tokens, embedded and committed whole. A document that fails is marked failed with its reason and
 * the job goes on; cancelling stops after the current batch, keeping what was committed.
 */
export async function runIngest(context: IngestContext): Promise<void> {
  const { job, datastore, signal } = context;
  const record = job.record;
  const meter = new ProgressMeter(record.progress);
  const batch: CommitBatch = { chunks: [], texts: [], documents: [], replaceDocIds: [] };
  let batchItems: IngestItem[] = [];
  const setItem = async (item: IngestItem, status: DocumentStatus, error: string | null = null, persist = false) => {
    item.status = status;
    item.error = error;
    const shown = record.documents.find((document) => document.id === item.docId);
    if (shown) Object.assign(shown, { status, error });
    // The job's state is the phase of the document in hand; 'indexing' is the commit's (set by flush).
    if (status === 'extracting' || status === 'embedding') record.state = status;
    await context.changed(persist);
  };
  const flush = async () => {
    if (batch.documents.length === 0) return;
    record.state = 'indexing';
    await context.changed();
    await datastore.commit(batch);
    for (const item of batchItems) {
      await setItem(item, 'completed');
      meter.documentDone(item.bytes, false);
      await rm(path.join(context.stagingDir, item.staged), { force: true });
    }
    batch.chunks = [];
    batch.texts = [];
    batch.documents = [];
    batch.replaceDocIds = [];
    batchItems = [];
    await context.changed(true);
  };
  const fail = async (item: IngestItem, message: string) => {
    const previous = datastore.getDocument(item.docId);
    // A changed document that fails keeps its earlier version searchable, and says why the new one is not.
    const document: StoredDocument =
      previous?.status === 'completed'
        ? { ...previous, error: `The new version could not be indexed: ${message}`, updatedAt: Date.now() }
        : { ...documentOf(datastore, item), status: 'failed', error: message };
    await datastore.putDocuments([document]);
    await setItem(item, 'failed', message, true);
    meter.documentDone(item.bytes, true);
    await rm(path.join(context.stagingDir, item.staged), { force: true });
  };

  if (!signal.aborted) await context.checkModel();
  const model = datastore.stored.record.embeddingModel.id;
  for (const item of job.items) {
    if (item.status === 'completed' || item.status === 'failed' || item.status === 'cancelled') continue;
    if (signal.aborted) break;
    try {
      await setItem(item, 'extracting');
      const bytes = await readFile(path.join(context.stagingDir, item.staged));
      const extracted = await extractText(bytes, item.kind);
      const countTokens = await context.tokenizers.get(model);
      const { chunkSize, chunkOverlap } = datastore.stored.record;
      const chunks = chunkText(extracted.text, { countTokens, chunkSize, overlap: chunkOverlap, pageStarts: extracted.pageStarts });
      meter.addChunks(chunks.length);
      await setItem(item, 'embedding');
      const base = meter.chunksDone;
      const vectors = await embedTexts(
        chunks.map((chunk) => chunk.text),
        { engine: context.engine, model, signal, onProgress: (done) => (meter.setChunksDone(base + done, item.bytes * (done / chunks.length)), void context.changed()) },
      );
      const title = item.title === item.sourceName && extracted.title ? extracted.title : item.title;
      const rows: ChunkRow[] = chunks.map((chunk, index) => ({
        id: `${item.docId}:${item.sha256.slice(0, 16)}:${chunk.index}`,
        doc_id: item.docId,
        doc_sha: item.sha256,
        doc_title: title,
        source_name: item.sourceName,
        text: chunk.text,
        chunk_index: chunk.index,
        start: chunk.start,
        end: chunk.end,
        page: chunk.page ?? 0,
        vector: vectors[index]!,
      }));
      batch.chunks.push(...rows);
      batch.texts.push({ doc_id: item.docId, sha256: item.sha256, text: extracted.text, page_starts: JSON.stringify(extracted.pageStarts) });
      batch.documents.push({ ...documentOf(datastore, item), title, chunkCount: rows.length, status: 'completed', error: null, updatedAt: Date.now() });
      if (item.replace) batch.replaceDocIds.push(item.docId);
      batchItems.push(item);
      await setItem(item, 'indexing');
      if (batch.chunks.length >= commitChunks || batch.documents.length >= commitDocuments) await flush();
    } catch (error) {
      if (signal.aborted) break;
      // Not this document's fault, and every one after it would fail alike: the job ends with the reason.
      if (isDiskFull(error)) throw new DiskFullError(error as Error);
      if (error instanceof ExtractionError || isHearthError(error)) await fail(item, error.message);
      else {
        context.logger.warn({ err: error, document: item.sourceName }, 'document failed');
        await fail(item, `Indexing failed: ${(error as Error).message}`);
      }
    }
  }
  if (context.isStopping()) return;
  // What finished before a cancel is kept: it is whole.
  await flush();
  for (const item of job.items) {
    if (item.status === 'completed' || item.status === 'failed') continue;
    // A cancelled new document is listed as cancelled, with no chunks; a cancelled change leaves the earlier version as it was.
    if (datastore.getDocument(item.docId)?.status !== 'completed') {
      await datastore.deleteChunksOf([item.docId]);
      await datastore.putDocuments([{ ...documentOf(datastore, item), status: 'cancelled' }]);
    }
    await setItem(item, 'cancelled');
    await rm(path.join(context.stagingDir, item.staged), { force: true });
  }
  if (job.items.some((item) => item.status === 'completed') && !signal.aborted) {
    record.state = 'indexing';
    await context.changed();
    await datastore.optimize();
  }
}

/** The record of a job's document, from the job item and the record it replaces if any. */
function documentOf(datastore: Datastore, item: IngestItem): StoredDocument {
  const previous = datastore.getDocument(item.docId);
  const now = Date.now();
  return {
    id: item.docId,
    datastoreId: datastore.id,
    key: item.key,
    title: item.title,
    sourceName: item.sourceName,
    mimeType: item.mimeType,
    bytes: item.bytes,
    sha256: item.sha256,
    chunkCount: 0,
    status: 'queued',
    error: null,
    addedAt: previous?.addedAt ?? now,
    updatedAt: now,
  };
}
