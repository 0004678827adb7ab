import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { isJobFinished, type JobRecord } from '../../common/rag.js';
import { createLogger } from '../../main/log.js';
import { localActor } from '../../main/rag/access.js';
import { createServices, type Services } from '../../main/services.js';
import { testModelPath, type TestModelId } from '../../test/testModels.js';
import { makeCorpus } from './corpus.js';

export interface IngestResult {
  model: string;
  documents: number;
  chunks: number;
  chunkSize: number;
  /** Chunks per second of the whole job: extraction, chunking, embedding, writing, indexing. */
  ingestRate: number;
  /** engine.embed on the same chunk texts, in the same batches, nothing else. */
  rawEmbedRate: number;
  peakRssMb: number;
  restRssMb: number;
  seconds: number;
}

/**
 * Ingests a synthetic corpus through the RAG service as the server runs it (same engine, same job code; the
 * files are staged as an upload would stage them), then embeds the stored chunk texts again with nothing
 * else, for the ratio. RSS is sampled every 250 ms during the ingest, and after it once the job is done.
 */
export async function benchIngest(model: TestModelId, documents: number, paragraphs: number, chunkSize: number): Promise<IngestResult> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-rag-bench-'));
  const modelsDir = path.join(root, 'models');
  await mkdir(modelsDir, { recursive: true });
  await symlink(testModelPath(model), path.join(modelsDir, `${model}.gguf`));
  const services: Services = await createServices({ dataDir: path.join(root, 'data'), modelsDir, logger: createLogger('warn'), overrides: { gpu: false, requireApiKeys: false, port: 0 } });
  try {
    const rag = services.rag;
    const store = await rag.create(localActor, { name: 'bench', model, chunkSize, chunkOverlap: Math.floor(chunkSize / 8) });
    const corpus = makeCorpus(documents, paragraphs);
    const { jobId, dir } = await rag.beginUpload(localActor, store.id);
    const uploads = [];
    for (const [index, doc] of corpus.entries()) {
      const bytes = Buffer.from(doc.text);
      await writeFile(path.join(dir, String(index)), bytes);
      uploads.push({ staged: String(index), fileName: doc.name, kind: 'markdown' as const, mimeType: 'text/markdown', bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
    }
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 250);
    const started = performance.now();
    const job = await rag.addDocuments(localActor, store.id, jobId, uploads);
    const done = await new Promise<JobRecord>((resolve) => {
      const onJob = (record: JobRecord) => {
        if (record.id === job.id && isJobFinished(record)) {
          rag.off('job', onJob);
          resolve(record);
        }
      };
      rag.on('job', onJob);
    });
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    if (done.state !== 'completed') throw new Error(`ingest ${done.state}: ${done.error}`);
    global.gc?.();
    const restRss = process.memoryUsage().rss;

    const datastore = rag.readable(localActor, store.id);
    const rows = await (await datastore.chunksTable()).query().select(['text']).toArray();
    const texts = rows.map((row) => String(row.text));
    const rawStarted = performance.now();
    for (let start = 0; start < texts.length; start += 16) await services.engine.embed({ model, inputs: texts.slice(start, start + 16), truncate: true });
    const rawSeconds = (performance.now() - rawStarted) / 1000;
    return {
      model,
      documents,
      chunks: texts.length,
      chunkSize,
      ingestRate: texts.length / seconds,
      rawEmbedRate: texts.length / rawSeconds,
      peakRssMb: peakRss / 2 ** 20,
      restRssMb: restRss / 2 ** 20,
      seconds,
    };
  } finally {
    await services.dispose();
    await rm(root, { recursive: true, force: true });
  }
}
