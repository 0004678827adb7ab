import type { Table } from '@lancedb/lancedb';
import type { SearchMode } from '../../common/rag.js';
import { dot } from './embedTexts.js';
import { loadLance } from './loadLance.js';

export interface ChunkHit {
  id: string;
  docId: string;
  docTitle: string;
  sourceName: string;
  text: string;
  chunkIndex: number;
  start: number;
  end: number;
  page: number | null;
  /** The mode's own score, higher is better. */
  score: number;
  similarity: number;
}

export interface SearchOptions {
  mode: SearchMode;
  /** Unit vector of the query, from the datastore's model. */
  vector: number[];
  text: string;
  limit: number;
  /** A LanceDB SQL filter, applied before ranking. */
  where?: string;
}

/** RRF's k: 60, as in the paper and LanceDB's default; it damps the weight of the first ranks. */
const rrfK = 60;

/**
 * One search of a chunks table: vector (cosine), full-text (BM25) or hybrid (both lists fused by
 * reciprocal rank). Every hit also gets its cosine similarity to the query, whatever ranked it. The
 * full-text index exists from the table's creation; rows added since the last optimize() are searched
 * without it (terms only: a quoted phrase needs the index's positions, so it finds indexed rows).
 */
export async function searchChunks(table: Table, options: SearchOptions): Promise<ChunkHit[]> {
  const lancedb = await loadLance();
  const mode = options.mode;
  let query;
  if (mode === 'vector') query = table.query().nearestTo(options.vector).distanceType('cosine');
  else if (mode === 'fts') query = table.query().fullTextSearch(options.text, { columns: 'text' });
  else query = table.query().nearestTo(options.vector).distanceType('cosine').fullTextSearch(options.text, { columns: 'text' }).rerank(await lancedb.rerankers.RRFReranker.create(rrfK));
  if (options.where) query = query.where(options.where);
  const rows = await query.limit(options.limit).toArray();
  return rows.map((row) => {
    // Arrow hands the vector column back as a Vector, which has no index access: take its typed array.
    const stored = row.vector as { toArray?: () => ArrayLike<number> } | ArrayLike<number>;
    const similarity = dot(options.vector, 'toArray' in stored && stored.toArray ? stored.toArray() : (stored as ArrayLike<number>));
    const score = mode === 'vector' ? 1 - Number(row._distance) : mode === 'fts' ? Number(row._score) : Number(row._relevance_score);
    return {
      id: String(row.id),
      docId: String(row.doc_id),
      docTitle: String(row.doc_title),
      sourceName: String(row.source_name),
      text: String(row.text),
      chunkIndex: Number(row.chunk_index),
      start: Number(row.start),
      end: Number(row.end),
      page: Number(row.page) || null,
      score,
      similarity,
    };
  });
}
