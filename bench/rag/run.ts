// `npm run bench:rag`: datastore ingest throughput against raw embedding, query latency at 10k and 100k
// chunks, and memory during a large ingest. Writes its section of docs/BENCHMARKS.md (between the markers).
import { execSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { testModels } from '../../test/testModels.js';
import { round } from '../stats.js';
import { benchIngest, type IngestResult } from './ingest.js';
import { benchQuery, type QueryResult } from './query.js';

export const ragSectionStart = '<!-- rag-bench:start -->';
export const ragSectionEnd = '<!-- rag-bench:end -->';

const env = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  const ingests: IngestResult[] = [];
  const plans = [
    { model: testModels.tiny, documents: env('RAG_BENCH_TINY_DOCS', 100), paragraphs: 30, chunkSize: 256 },
    { model: testModels.bench, documents: env('RAG_BENCH_135M_DOCS', 10), paragraphs: 30, chunkSize: 256 },
  ];
  for (const plan of plans) {
    console.log(`ingest: ${plan.model}, ${plan.documents} documents…`);
    ingests.push(await benchIngest(plan.model, plan.documents, plan.paragraphs, plan.chunkSize));
    console.log(JSON.stringify(ingests.at(-1)));
  }
  const bigDocs = env('RAG_BENCH_BIG_DOCS', 570);
  console.log(`large ingest: ${testModels.tiny}, ${bigDocs} documents, 64-token chunks…`);
  const big = await benchIngest(testModels.tiny, bigDocs, 60, 64);
  console.log(JSON.stringify(big));

  const queries: QueryResult[] = [];
  for (const rows of [10_000, env('RAG_BENCH_ROWS', 100_000)]) {
    console.log(`query: ${rows} rows…`);
    queries.push(await benchQuery(rows, 384, env('RAG_BENCH_QUERIES', 100), 50_000));
    console.log(JSON.stringify(queries.at(-1)));
  }
  const section = report(ingests, big, queries);
  console.log(section);
  if (process.env.BENCH_WRITE !== '0') {
    const file = fileURLToPath(new URL('../../docs/BENCHMARKS.md', import.meta.url));
    const current = await readFile(file, 'utf8');
    const start = current.indexOf(ragSectionStart);
    const end = current.indexOf(ragSectionEnd);
    const next = start >= 0 && end > start ? `${current.slice(0, start)}${section}${current.slice(end + ragSectionEnd.length)}` : `${current.trimEnd()}\n\n${section}\n`;
    await writeFile(file, next);
  }
}

function report(ingests: IngestResult[], big: IngestResult, queries: QueryResult[]): string {
  let kernel = '';
  try {
    kernel = execSync('uname -sr').toString().trim();
  } catch {}
  const lines = [
    ragSectionStart,
    '## RAG datastores',
    '',
    'Written by `npm run bench:rag` (bench/rag/); the figures below are the last run.',
    '',
    `- Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.availableParallelism()} logical cores, RAM ${round(os.totalmem() / 2 ** 30)} GiB, ${kernel}, Node ${process.version}, no GPU; LanceDB 0.31.0 with LANCE_CPU_THREADS=${process.env.LANCE_CPU_THREADS ?? 4}; ${new Date().toISOString().slice(0, 10)}.`,
    '- Ingest: synthetic Markdown reports (headings, paragraphs of 4 sentences) staged as an upload is, ingested by the RAG service in the benchmark process with the same engine and job code as the server (extract, chunk in the model\'s tokens, embed in batches of 16, commit, optimize). Rate = chunks ÷ wall time from the job\'s start to its end. Raw = `engine.embed` on the same stored chunk texts in the same batches, nothing else. Target: ingest ≥ 0.8 × raw.',
    '- Query: `searchChunks` (main/rag/searchChunks.ts) on tables of synthetic chunks with random unit 384-dim vectors, built as ingest builds them (full-text index with positions, optimize, IVF-PQ past 50,000 rows); the query vector is given (embedding a query is one `engine.embed` call, not included). Top 10, p50/p95 over 100 queries per mode. Target: hybrid p50 ≤ 15 ms at 100k.',
    '- Memory: process RSS sampled every 250 ms during the large ingest (tiny model, 64-token chunks), and after it. Target ≤ 1 GB.',
    '',
    '| embedder | chunk tokens | documents | chunks | ingest chunks/s | raw embed chunks/s | ingest ÷ raw |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...[...ingests, big].map((r) => `| ${r.model} | ${r.chunkSize} | ${r.documents} | ${r.chunks} | ${round(r.ingestRate)} | ${round(r.rawEmbedRate)} | ${round(r.ingestRate / r.rawEmbedRate, 2)} |`),
    '',
    '| chunks | ANN index | build s | vector p50 / p95 ms | full-text p50 / p95 ms | hybrid p50 / p95 ms | keyword found first |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...queries.map((q) => `| ${q.rows} | ${q.vectorIndex ? 'IVF-PQ' : 'none (flat)'} | ${round(q.buildSeconds)} | ${round(q.latency.vector.p50)} / ${round(q.latency.vector.p95)} | ${round(q.latency.fts.p50)} / ${round(q.latency.fts.p95)} | ${round(q.latency.hybrid.p50)} / ${round(q.latency.hybrid.p95)} | ${round(q.keywordHits * 100)}% |`),
    '',
    `Memory during the ${big.chunks}-chunk ingest (${round(big.seconds)} s): peak RSS ${round(big.peakRssMb)} MB; at rest after it ${round(big.restRssMb)} MB.`,
    ragSectionEnd,
  ];
  return lines.join('\n');
}

await main();
