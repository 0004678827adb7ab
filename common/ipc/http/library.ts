import { toDownloadProgress, type DownloadRecord } from '../../downloads.js';
import type { CatalogEntry, FolderModelEntry, HubModelSummary, RepoModelFile } from '../../library.js';
import type { IpcHandlers } from '../contract.js';
import { segment, type HttpClient } from './request.js';

type LibraryCalls = 'library:catalog' | 'library:folderModels' | 'library:search' | 'library:repoFiles' | 'downloads:list' | 'downloads:start' | 'downloads:cancel';

export function libraryHttpCalls(client: HttpClient): Pick<IpcHandlers, LibraryCalls> {
  return {
    'library:catalog': () => client.list<CatalogEntry>('/v1/admin/library/catalog'),
    'library:folderModels': () => client.list<FolderModelEntry>('/v1/admin/library/folder-models'),
    'library:search': ({ query, limit }) => client.list<HubModelSummary>(`/v1/admin/library/search?q=${encodeURIComponent(query)}&limit=${limit}`),
    'library:repoFiles': ({ repo }) => {
      const [user, name] = repo.split('/') as [string, string];
      return client.list<RepoModelFile>(`/v1/admin/library/repos/${segment(user)}/${segment(name)}/files`);
    },
    'downloads:list': async () => (await client.list<DownloadRecord>('/v1/admin/downloads')).map(toDownloadProgress),
    'downloads:start': async ({ ref }) => toDownloadProgress(await client.json<DownloadRecord>('/v1/admin/downloads', { method: 'POST', body: { ref } })),
    'downloads:cancel': async ({ id, discard }) => toDownloadProgress(await client.json<DownloadRecord>(`/v1/admin/downloads/${segment(id)}${discard ? '?discard=true' : ''}`, { method: 'DELETE' })),
  };
}
