import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { readServerSentEvents } from '../../common/api/sse.js';
import { HearthError } from '../../common/errors.js';
import { isJobFinished, UnsupportedFileTypeError, type DatastoreRecord, type DocumentRecord, type JobRecord, type SearchResult } from '../../common/rag.js';
import { SettingsStore, type SettingsOverrides } from '../config/SettingsStore.js';
import { Engine } from '../engine/Engine.js';
import { createLogger } from '../log.js';
import { localActor } from '../rag/access.js';
import { acceptedFileTypes, detectFileType } from '../rag/fileTypes.js';
import { RagService, type StagedUpload } from '../rag/RagService.js';
import { acquireWriterLock } from '../rag/writerLock.js';

/** What `hearth datastores` does, over HTTP to a running server or on the data folder itself. */
export interface DatastoresApi {
  /** Where the work is done, for messages. */
  readonly where: string;
  list(): Promise<DatastoreRecord[]>;
  create(input: Record<string, unknown>): Promise<DatastoreRecord>;
  addFiles(id: string, files: string[]): Promise<JobRecord>;
  addText(id: string, text: string, title?: string): Promise<JobRecord>;
  /** Calls onProgress with each snapshot until the job is finished. */
  follow(job: JobRecord, onProgress: (job: JobRecord) => void): Promise<JobRecord>;
  query(id: string, input: Record<string, unknown>): Promise<SearchResult[]>;
  documents(id: string): Promise<DocumentRecord[]>;
  remove(id: string): Promise<void>;
  removeDocument(id: string, documentId: string): Promise<void>;
  close(): Promise<void>;
}

/** The running server's API, with the caller's key. */
export function httpDatastoresApi(baseUrl: string, apiKey: string | undefined): DatastoresApi {
  const headers = (extra: Record<string, string> = {}) => ({ ...extra, ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) });
  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const init: RequestInit = body instanceof FormData ? { method, headers: headers(), body } : { method, headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }), body: body === undefined ? undefined : JSON.stringify(body) };
    const response = await fetch(`${baseUrl}${route}`, init);
    const answer = (await response.json().catch(() => null)) as { error?: { message?: string; type?: string } } | null;
    if (!response.ok) throw new HearthError(response.status, (answer?.error?.type as never) ?? 'server_error', answer?.error?.message ?? `HTTP ${response.status}`);
    return answer as T;
  };
  return {
    where: baseUrl,
    list: async () => (await call<{ data: DatastoreRecord[] }>('GET', '/v1/datastores')).data,
    create: (input) => call('POST', '/v1/datastores', input),
    async addFiles(id, files) {
      const form = new FormData();
      for (const file of files) form.append('file', await openAsBlob(file), path.basename(file));
      return call('POST', `/v1/datastores/${id}/documents`, form);
    },
    addText: (id, text, title) => call('POST', `/v1/datastores/${id}/documents`, { text, title }),
    async follow(job, onProgress) {
      const response = await fetch(`${baseUrl}/v1/jobs/${job.id}`, { headers: headers({ accept: 'text/event-stream' }) });
      if (!response.ok || !response.body) throw new HearthError(response.status, 'server_error', `Could not follow job ${job.id}: HTTP ${response.status}`);
      let last = job;
      for await (const data of readServerSentEvents(response.body)) {
        if (data === '[DONE]') break;
        last = JSON.parse(data) as JobRecord;
        onProgress(last);
      }
      return last;
    },
    query: async (id, input) => (await call<{ data: SearchResult[] }>('POST', `/v1/datastores/${id}/query`, input)).data,
    documents: async (id) => (await call<{ data: DocumentRecord[] }>('GET', `/v1/datastores/${id}/documents`)).data,
    remove: (id) => call('DELETE', `/v1/datastores/${id}`),
    removeDocument: (id, documentId) => call('DELETE', `/v1/datastores/${id}/documents/${documentId}`),
    close: async () => {},
  };
}

/** No server running: this process opens the datastores (it takes the one-writer lock) and the engine. */
export async function localDatastoresApi(dataDir: string, modelsDir: string, overrides: SettingsOverrides): Promise<DatastoresApi> {
  await mkdir(modelsDir, { recursive: true });
  // Refuse before loading the engine (seconds) when a server holds the datastores.
  await (await acquireWriterLock(path.join(dataDir, 'rag-jobs')))();
  const settings = await SettingsStore.open(dataDir, modelsDir, overrides);
  const logger = createLogger(process.env.HEARTH_LOG_LEVEL ?? 'warn');
  const engine = await Engine.create({ settings, logger });
  let rag: RagService;
  try {
    rag = await RagService.open({ settings, engine, logger });
  } catch (error) {
    await engine.dispose();
    throw error;
  }
  const actor = localActor;
  return {
    where: `${dataDir} (no server running)`,
    list: async () => rag.list(actor),
    create: (input) => rag.create(actor, input),
    async addFiles(id, files) {
      const { jobId, dir } = await rag.beginUpload(actor, id);
      const uploads: StagedUpload[] = [];
      for (const [index, file] of files.entries()) {
        const type = detectFileType(file, undefined);
        if (!type) throw new UnsupportedFileTypeError(path.basename(file), acceptedFileTypes);
        await copyFile(file, path.join(dir, String(index)));
        const bytes = await readFile(file);
        uploads.push({ staged: String(index), fileName: path.basename(file), kind: type.kind, mimeType: type.mimeType, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') });
      }
      return rag.addDocuments(actor, id, jobId, uploads);
    },
    addText: (id, text, title) => rag.addText(actor, id, { text, title }),
    follow: (job, onProgress) =>
      new Promise((resolve) => {
        const current = rag.getJob(actor, job.id);
        if (isJobFinished(current)) return resolve(current);
        const onJob = (record: JobRecord) => {
          if (record.id !== job.id) return;
          onProgress(record);
          if (isJobFinished(record)) {
            rag.off('job', onJob);
            resolve(record);
          }
        };
        rag.on('job', onJob);
      }),
    query: (id, input) => rag.query(actor, id, input),
    documents: async (id) => rag.listDocuments(actor, id),
    remove: (id) => rag.delete(actor, id),
    removeDocument: (id, documentId) => rag.removeDocument(actor, id, documentId),
    async close() {
      await rag.dispose();
      await engine.dispose();
    },
  };
}
