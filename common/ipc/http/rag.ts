import { HearthError } from '../../errors.js';
import type { DatastoreRecord, DocumentRecord, JobRecord, SearchResult } from '../../rag.js';
import type { IpcHandlers } from '../contract.js';
import { segment, type HttpClient } from './request.js';

type RagCalls = Extract<keyof IpcHandlers, `rag:${string}`>;

const datastore = (id: string) => `/v1/datastores/${segment(id)}`;

/** A file to upload: its name, and its bytes as a Blob (a browser File, or Node's fs.openAsBlob). */
export interface UploadFile {
  name: string;
  blob: Blob;
}

/** POSTs files as multipart/form-data to a datastore; the answer is the ingest job. */
export async function uploadDocuments(client: HttpClient, datastoreId: string, files: readonly UploadFile[]): Promise<JobRecord> {
  const form = new FormData();
  for (const file of files) form.append('file', file.blob, file.name);
  return client.json<JobRecord>(`${datastore(datastoreId)}/documents`, { method: 'POST', body: form });
}

export function ragHttpCalls(client: HttpClient): Pick<IpcHandlers, RagCalls> {
  return {
    'rag:list': () => client.list<DatastoreRecord>('/v1/datastores'),
    'rag:create': (input) => client.json<DatastoreRecord>('/v1/datastores', { method: 'POST', body: input }),
    'rag:update': ({ datastoreId, ...patch }) => client.json<DatastoreRecord>(datastore(datastoreId), { method: 'PATCH', body: patch }),
    async 'rag:delete'({ datastoreId }) {
      await client.send(datastore(datastoreId), { method: 'DELETE' });
      return {};
    },
    // Each UI brings its own file dialog (main/ipc/handlers/rag.ts, renderer/ipc/client.ts) and uploads with uploadDocuments.
    async 'rag:addFiles'() {
      throw new HearthError(501, 'not_supported_error', 'Adding files needs a file dialog, which this caller has not got.', { code: 'not_supported' });
    },
    'rag:addFileBytes': ({ datastoreId, files }) =>
      // A copy into a fresh ArrayBuffer: a view over a shared or larger buffer is not a BlobPart everywhere.
      uploadDocuments(client, datastoreId, files.map((file) => ({ name: file.name, blob: new Blob([file.bytes.slice()]) }))),
    'rag:addText': ({ datastoreId, ...body }) => client.json<JobRecord>(`${datastore(datastoreId)}/documents`, { method: 'POST', body }),
    'rag:listDocuments': ({ datastoreId }) => client.list<DocumentRecord>(`${datastore(datastoreId)}/documents`),
    async 'rag:removeDocument'({ datastoreId, documentId }) {
      await client.send(`${datastore(datastoreId)}/documents/${segment(documentId)}`, { method: 'DELETE' });
      return {};
    },
    async 'rag:query'({ datastoreId, ...body }) {
      return (await client.json<{ data: SearchResult[] }>(`${datastore(datastoreId)}/query`, { method: 'POST', body })).data;
    },
    'rag:reindex': ({ datastoreId, ...body }) => client.json<JobRecord>(`${datastore(datastoreId)}/reindex`, { method: 'POST', body }),
    'rag:getJob': ({ jobId }) => client.json<JobRecord>(`/v1/jobs/${segment(jobId)}`),
    'rag:cancelJob': ({ jobId }) => client.json<JobRecord>(`/v1/jobs/${segment(jobId)}/cancel`, { method: 'POST', body: {} }),
  };
}
