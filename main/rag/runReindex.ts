import type { EmbeddingModelRecord } from '../../common/rag.js';
import type { Engine } from '../engine/Engine.js';
import { chunkText } from './chunkText.js';
import { createChunksTable, type Datastore, type StoredDocument } from './Datastore.js';
import { embedTexts } from './embedTexts.js';
import type { StoredJob } from './JobStore.js';
import type { ChunkRow, LanceStore } from './lanceStore.js';
import { tableNames } from './lanceStore.js';
import type { ModelTokenizers } from './modelTokenizer.js';
import { ProgressMeter } from './ProgressMeter.js';

export interface ReindexContext {
  job: StoredJob;
  datastore: Datastore;
  store: LanceStore;
  engine: Engine;
  tokenizers: ModelTokenizers;
  signal: AbortSignal;
  /** The new model's record (id, file hash, dimension), resolved when the job was created. */
  model: EmbeddingModelRecord;
  chunkSize: number;
  chunkOverlap: number;
  changed: (persist?: boolean) => Promise<void>;
  /** Makes the new generation the datastore's (one catalog commit); the old one is dropped after. */
  swap: (generation: number) => Promise<void>;
}

const commitChunks = 2048;

/**
 * Re-embeds every document with another model into the next generation's chunks table, from the texts
 * kept at ingest. The current table keeps answering queries (with the current model) until the new one
 * is complete and swapped in; a cancelled or failed reindex drops the new table and changes nothing.
 */
export async function runReindex(context: ReindexContext): Promise<void> {
  const { datastore, store, job, signal } = context;
  const record = job.record;
  const generation = datastore.stored.generation + 1;
  const newTable = tableNames.chunks(datastore.id, generation);
  // A reindex interrupted by a restart starts over: its table holds an unknown part of the documents.
  await store.dropTable(newTable);
  try {
    await createChunksTable(store, datastore.id, generation, context.model.dimension);
    const table = await store.chunksTable(datastore.id, generation, context.model.dimension);
    const texts = await (await store.textsTable(datastore.id)).query().toArray();
    const documents = new Map(datastore.listDocuments().filter((document) => document.status === 'completed').map((document) => [document.id, document]));
    const todo = texts.filter((row) => documents.get(String(row.doc_id))?.sha256 === String(row.sha256));
    const meter = new ProgressMeter(record.progress);
    record.progress.documentsTotal = todo.length;
    record.progress.bytesTotal = todo.reduce((sum, row) => sum + documents.get(String(row.doc_id))!.bytes, 0);
    const countTokens = await context.tokenizers.get(context.model.id);
    const counts = new Map<string, number>();
    let pending: ChunkRow[] = [];
    for (const row of todo) {
      signal.throwIfAborted();
      const document = documents.get(String(row.doc_id))!;
      record.state = 'embedding';
      const pageStarts = JSON.parse(String(row.page_starts)) as number[] | null;
      const chunks = chunkText(String(row.text), { countTokens, chunkSize: context.chunkSize, overlap: context.chunkOverlap, pageStarts });
      meter.addChunks(chunks.length);
      const base = meter.chunksDone;
      const vectors = await embedTexts(
        chunks.map((chunk) => chunk.text),
        { engine: context.engine, model: context.model.id, signal, onProgress: (done) => (meter.setChunksDone(base + done, document.bytes * (done / chunks.length)), void context.changed()) },
      );
      pending.push(...chunks.map((chunk, index) => toRow(document, chunk, vectors[index]!)));
      counts.set(document.id, chunks.length);
      meter.documentDone(document.bytes, false);
      if (pending.length >= commitChunks) {
        await table.add(pending);
        pending = [];
      }
      await context.changed();
    }
    if (pending.length > 0) await table.add(pending);
    record.state = 'indexing';
    await context.changed(true);
    await datastore.optimize(generation);
    signal.throwIfAborted();
    await context.swap(generation);
    const updated: StoredDocument[] = [...documents.values()].map((document) => ({ ...document, chunkCount: counts.get(document.id) ?? document.chunkCount }));
    await datastore.putDocuments(updated);
    await store.dropTable(tableNames.chunks(datastore.id, generation - 1));
  } catch (error) {
    await store.dropTable(newTable).catch(() => {});
    throw error;
  }
}

function toRow(document: StoredDocument, chunk: ReturnType<typeof chunkText>[number], vector: number[]): ChunkRow {
  return {
    id: `${document.id}:${document.sha256.slice(0, 16)}:${chunk.index}`,
    doc_id: document.id,
    doc_sha: document.sha256,
    doc_title: document.title,
    source_name: document.sourceName,
    text: chunk.text,
    chunk_index: chunk.index,
    start: chunk.start,
    end: chunk.end,
    page: chunk.page ?? 0,
    vector,
  };
}
