import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { formatBytes } from '../../common/format.js';
import type { JobRecord } from '../../common/rag.js';
import { appDataDir } from '../config/appDataDir.js';
import { overridesFromEnv } from '../config/overridesFromEnv.js';
import { SettingsStore } from '../config/SettingsStore.js';
import { httpDatastoresApi, localDatastoresApi, type DatastoresApi } from './datastoresApi.js';

export const datastoresUsage = `Usage:
  npm run hearth -- datastores create NAME --model ID [--description TEXT] [--chunk-size N] [--chunk-overlap N] [--public]
  npm run hearth -- datastores list
  npm run hearth -- datastores add ID FILE... [--no-wait]      PDF, DOCX, HTML, Markdown, text, CSV, JSON
  npm run hearth -- datastores add ID --text TEXT [--title T] [--no-wait]
  npm run hearth -- datastores query ID QUERY [--mode hybrid|vector|fts] [--top-k N]
  npm run hearth -- datastores rm ID [--document DOC_ID]
Every action takes --json. With a server running, the command talks to it (it is the one writer of the
datastores): --url URL (default HEARTH_URL, else the settings' host and port) and --key KEY (default
HEARTH_API_KEY). With none running, it opens the data folder itself: --data-dir DIR, --models-dir DIR.`;

/** `hearth datastores`: manages RAG datastores from a shell, through the running server when there is one. */
export async function datastoresCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      model: { type: 'string' },
      description: { type: 'string' },
      'chunk-size': { type: 'string' },
      'chunk-overlap': { type: 'string' },
      public: { type: 'boolean' },
      text: { type: 'string' },
      title: { type: 'string' },
      'no-wait': { type: 'boolean' },
      mode: { type: 'string' },
      'top-k': { type: 'string' },
      document: { type: 'string' },
      json: { type: 'boolean' },
      url: { type: 'string' },
      key: { type: 'string' },
      'data-dir': { type: 'string' },
      'models-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [action, ...args] = positionals;
  if (values.help || !action) {
    console.log(datastoresUsage);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const api = await connect(values);
  const print = (value: unknown, text: () => string) => console.log(values.json ? JSON.stringify(value, null, 2) : text());
  try {
    switch (action) {
      case 'create': {
        const [name] = args;
        if (!name || !values.model) throw new Error('A datastore needs a name and an embedding model: datastores create NAME --model ID');
        const record = await api.create({
          name,
          model: values.model,
          description: values.description,
          chunkSize: numberOption(values['chunk-size']),
          chunkOverlap: numberOption(values['chunk-overlap']),
          visibility: values.public ? 'public' : undefined,
        });
        return print(record, () => `Created datastore '${record.name}' (id ${record.id}), embedding with ${record.embeddingModel.id} (${record.embeddingModel.dimension} dimensions).`);
      }
      case 'list': {
        const records = await api.list();
        return print(records, () =>
          records.length === 0
            ? 'No datastores yet. Create one with: npm run hearth -- datastores create NAME --model ID'
            : table([['ID', 'NAME', 'MODEL', 'DOCS', 'CHUNKS', 'VISIBILITY', 'OWNER'], ...records.map((r) => [r.id, r.name, r.embeddingModel.id, String(r.documentCount), String(r.chunkCount), r.visibility, r.ownerName])]),
        );
      }
      case 'add': {
        const [id, ...files] = args;
        if (!id || (files.length === 0 && values.text === undefined)) throw new Error('What to add? datastores add ID FILE... or datastores add ID --text TEXT');
        const job = values.text !== undefined ? await api.addText(id, values.text, values.title) : await api.addFiles(id, files.map((file) => path.resolve(file)));
        const done = values['no-wait'] ? job : await api.follow(job, (snapshot) => !values.json && progressLine(snapshot));
        if (!values.json && process.stdout.isTTY) process.stdout.write('\n');
        print(done, () => summary(done));
        if (done.state === 'failed') process.exitCode = 1;
        return;
      }
      case 'query': {
        const [id, ...words] = args;
        if (!id || words.length === 0) throw new Error('What to search for? datastores query ID QUERY');
        const results = await api.query(id, { query: words.join(' '), mode: values.mode, topK: numberOption(values['top-k']) });
        return print(results, () =>
          results.length === 0
            ? 'Nothing found.'
            : results.map((r, index) => `${index + 1}. ${r.documentTitle} (${r.sourceName}${r.position.page ? `, page ${r.position.page}` : ''}) score ${r.score.toFixed(3)}\n   ${r.text.replace(/\s+/g, ' ').slice(0, 300)}`).join('\n'),
        );
      }
      case 'rm': {
        const [id] = args;
        if (!id) throw new Error('Which datastore? datastores rm ID [--document DOC_ID]');
        if (values.document) await api.removeDocument(id, values.document);
        else await api.remove(id);
        return print({ id, document: values.document ?? null, deleted: true }, () => (values.document ? `Removed document ${values.document} from ${id}.` : `Deleted datastore ${id}.`));
      }
      default:
        throw new Error(`Unknown datastores action '${action}'.\n${datastoresUsage}`);
    }
  } catch (error) {
    if (error instanceof z.ZodError) throw new Error(z.prettifyError(error));
    throw error;
  } finally {
    await api.close();
  }
}

/** The running server if one answers, else the data folder directly (which fails if another process holds it). */
async function connect(values: Record<string, string | boolean | undefined>): Promise<DatastoresApi> {
  const { dataDir: envDataDir, modelsDir: envModelsDir, ...overrides } = overridesFromEnv();
  const dataDir = path.resolve((values['data-dir'] as string | undefined) ?? envDataDir ?? appDataDir());
  const modelsDir = path.resolve((values['models-dir'] as string | undefined) ?? envModelsDir ?? path.join(dataDir, 'models'));
  let url = (values.url as string | undefined) ?? process.env.HEARTH_URL;
  if (!url) {
    const { host, port } = (await SettingsStore.open(dataDir, modelsDir, overrides)).get();
    url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  }
  url = url.replace(/\/+$/, '');
  const key = (values.key as string | undefined) ?? process.env.HEARTH_API_KEY;
  const health = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2_000) }).catch(() => null);
  if (health?.ok) return httpDatastoresApi(url, key);
  if (values.url || process.env.HEARTH_URL) throw new Error(`No Hearth server answers at ${url}.`);
  return localDatastoresApi(dataDir, modelsDir, overrides);
}

function numberOption(value: unknown): number | undefined {
  return value === undefined ? undefined : Number(value);
}

function progressLine(job: JobRecord): void {
  const p = job.progress;
  const eta = p.etaSeconds !== null && !['completed', 'failed', 'cancelled'].includes(job.state) ? `  ETA ${p.etaSeconds}s` : '';
  const line = `${job.state.padEnd(10)} documents ${p.documentsDone}/${p.documentsTotal}  chunks ${p.chunksDone}/${p.chunksTotal}  ${formatBytes(p.bytesDone)}/${formatBytes(p.bytesTotal)}  ${p.chunksPerSecond} chunks/s${eta}`;
  if (process.stdout.isTTY) process.stdout.write(`\r${line}\x1b[K`);
}

function summary(job: JobRecord): string {
  const lines = [`Job ${job.id}: ${job.state}. ${job.progress.documentsDone - job.progress.documentsFailed} of ${job.progress.documentsTotal} documents indexed, ${job.progress.chunksDone} chunks.`];
  for (const document of job.documents) lines.push(`  ${document.status.padEnd(10)} ${document.title}${document.error ? `: ${document.error}` : ''}`);
  if (job.error) lines.push(`  ${job.error}`);
  return lines.join('\n');
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
