import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { SearchMode } from '../../common/rag.js';
import { createChunksTable, Datastore } from '../../main/rag/Datastore.js';
import { normalize } from '../../main/rag/embedTexts.js';
import { LanceStore, type ChunkRow } from '../../main/rag/lanceStore.js';
import { searchChunks } from '../../main/rag/searchChunks.js';
import { percentile } from '../stats.js';
import { chunkTextFor, rareWord } from './corpus.js';

export interface QueryResult {
  rows: number;
  dimension: number;
  vectorIndex: boolean;
  buildSeconds: number;
  latency: Record<SearchMode, { p50: number; p95: number }>;
  /** Share of keyword queries whose chunk came first (a check that the figures are of working searches). */
  keywordHits: number;
}

/** Deterministic pseudo-random numbers, so runs compare. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32) * 2 - 1;
}

/**
 * Query latency of the search code (main/rag/searchChunks.ts) on a table of synthetic chunks with random
 * unit vectors: the LanceDB part of a query, without embedding the query. The table is built as ingest
 * builds it: the full-text index from the start, optimize() after the rows, an IVF-PQ index past the
 * ragVectorIndexRows threshold.
 */
export async function benchQuery(rows: number, dimension: number, queries: number, vectorIndexRows: number): Promise<QueryResult> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-rag-query-'));
  const store = await LanceStore.open(root);
  try {
    const id = '00000000-0000-4000-8000-000000000000';
    const record = { id, name: 'bench', description: '', embeddingModel: { id: 'synthetic', sha256: '', dimension }, chunkSize: 256, chunkOverlap: 32, ownerKeyId: null, ownerName: 'local', visibility: 'private' as const, reindexJobId: null, createdAt: 0, updatedAt: 0 };
    await createChunksTable(store, id, 1, dimension);
    await store.jsonTable(`ds-${id}-documents`);
    const datastore = await Datastore.open(store, { record, generation: 1 });
    const next = random(42);
    const started = performance.now();
    const table = await datastore.chunksTable();
    for (let start = 0; start < rows; start += 10_000) {
      const batch: ChunkRow[] = [];
      for (let index = start; index < Math.min(rows, start + 10_000); index++) {
        batch.push({ id: `c${index}`, doc_id: `d${Math.floor(index / 100)}`, doc_sha: '', doc_title: `Report ${index}`, source_name: 'bench.md', text: chunkTextFor(index), chunk_index: index % 100, start: 0, end: 0, page: 0, vector: normalize(Array.from({ length: dimension }, next)) });
      }
      await table.add(batch);
    }
    await datastore.optimize();
    const vectorIndex = await datastore.ensureVectorIndex(vectorIndexRows);
    if (vectorIndex) await datastore.optimize();
    const buildSeconds = (performance.now() - started) / 1000;

    const latency = {} as QueryResult['latency'];
    let hits = 0;
    for (const mode of ['vector', 'fts', 'hybrid'] as const) {
      const times: number[] = [];
      for (let q = 0; q < queries; q++) {
        const target = Math.floor(((next() + 1) / 2) * rows);
        const vector = normalize(Array.from({ length: dimension }, next));
        const t0 = performance.now();
        const found = await searchChunks(table, { mode, vector, text: rareWord(target), limit: 10 });
        times.push(performance.now() - t0);
        if (mode === 'fts' && found[0]?.id === `c${target}`) hits++;
      }
      latency[mode] = { p50: percentile(times, 50), p95: percentile(times, 95) };
    }
    return { rows, dimension, vectorIndex, buildSeconds, latency, keywordHits: hits / queries };
  } finally {
    store.close();
    await rm(root, { recursive: true, force: true });
  }
}
