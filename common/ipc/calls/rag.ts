import { z } from 'zod';
import { addTextInput, createDatastoreInput, datastoreRecord, documentRecord, jobRecord, queryInput, reindexInput, searchResult, updateDatastoreInput } from '../../rag.js';

const id = z.string().min(1).max(128);
const datastoreId = z.object({ datastoreId: id }).strict();

/**
 * Most bytes one `rag:addFileBytes` call carries. Dropped files cross Electron's IPC by structured clone,
 * held in memory on both sides, so they are capped well under the server's upload limit; larger files go
 * through `rag:addFiles`, whose dialog lets main stream them from disk.
 */
export const droppedFileLimitBytes = 64 * 1024 * 1024;

/** Files the user dropped on the page, with their bytes (a drop gives no path the page may name). */
const droppedFiles = z
  .array(z.object({ name: z.string().trim().min(1).max(255), bytes: z.instanceof(Uint8Array) }).strict())
  .min(1)
  .max(100)
  .refine((files) => files.reduce((sum, file) => sum + file.bytes.byteLength, 0) <= droppedFileLimitBytes, {
    message: `Dropped files may take up to ${droppedFileLimitBytes / 1024 / 1024} MB at a time; add larger ones with the file picker.`,
  });

export const ragCalls = {
  /** The caller's own and public datastores (all of them for an admin). */
  'rag:list': { input: z.object({}).strict(), output: z.array(datastoreRecord) },
  'rag:create': { input: createDatastoreInput, output: datastoreRecord },
  'rag:update': { input: updateDatastoreInput.extend({ datastoreId: id }).strict(), output: datastoreRecord },
  'rag:delete': { input: datastoreId, output: z.object({}) },
  /**
   * Files chosen by the user in a file dialog: in the desktop app the main process opens it and uploads
   * the files itself, so their bytes never cross IPC; in the browser it is the page's file picker.
   * `job` is null when the dialog was cancelled.
   */
  'rag:addFiles': { input: datastoreId, output: z.object({ job: jobRecord.nullable() }) },
  /** Dropped files, uploaded as they are: the same upload as `rag:addFiles`, from bytes instead of a dialog. */
  'rag:addFileBytes': { input: z.object({ datastoreId: id, files: droppedFiles }).strict(), output: jobRecord },
  'rag:addText': { input: addTextInput.extend({ datastoreId: id }).strict(), output: jobRecord },
  'rag:listDocuments': { input: datastoreId, output: z.array(documentRecord) },
  'rag:removeDocument': { input: z.object({ datastoreId: id, documentId: id }).strict(), output: z.object({}) },
  'rag:query': { input: queryInput.extend({ datastoreId: id }).strict(), output: z.array(searchResult) },
  /** Re-embeds everything with another model as a job; the old index answers until it completes. */
  'rag:reindex': { input: reindexInput.extend({ datastoreId: id }).strict(), output: jobRecord },
  'rag:getJob': { input: z.object({ jobId: id }).strict(), output: jobRecord },
  /** Stops after the current batch; what was committed stays. */
  'rag:cancelJob': { input: z.object({ jobId: id }).strict(), output: jobRecord },
} as const;
