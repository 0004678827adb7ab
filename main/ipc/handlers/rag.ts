import { openAsBlob } from 'node:fs';
import path from 'node:path';
import { BrowserWindow, dialog } from 'electron';
import type { IpcHandlers } from '../../../common/ipc/contract.js';
import { uploadDocuments, type UploadFile } from '../../../common/ipc/http/rag.js';
import type { HttpClient } from '../../../common/ipc/http/request.js';

/** What the file dialog offers; the server decides in the end and names what it accepts (415). */
const documentFilters = [
  { name: 'Documents', extensions: ['pdf', 'docx', 'html', 'htm', 'md', 'markdown', 'txt', 'csv', 'json'] },
  { name: 'All files', extensions: ['*'] },
];

/**
 * Files for a datastore are chosen in a dialog main opens, and main uploads them to its server: the page
 * never names a path to read, and the files' bytes never cross IPC (openAsBlob streams them from disk).
 */
export function ragHandlers(client: HttpClient): Pick<IpcHandlers, 'rag:addFiles'> {
  return {
    async 'rag:addFiles'({ datastoreId }) {
      const parent = BrowserWindow.getFocusedWindow();
      const options: Electron.OpenDialogOptions = { title: 'Add documents', properties: ['openFile', 'multiSelections'], filters: documentFilters };
      const chosen = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      if (chosen.canceled || chosen.filePaths.length === 0) return { job: null };
      const files: UploadFile[] = await Promise.all(chosen.filePaths.map(async (file) => ({ name: path.basename(file), blob: await openAsBlob(file) })));
      return { job: await uploadDocuments(client, datastoreId, files) };
    },
  };
}
