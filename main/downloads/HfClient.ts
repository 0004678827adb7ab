import { z } from 'zod';
import { UpstreamError } from '../../common/downloads.js';
import { NotFoundError, PermissionError } from '../../common/errors.js';
import type { HubModelSummary } from '../../common/library.js';
import { resolveUrl } from './hfReference.js';
import { safeFetch, type FetchPolicy } from './safeFetch.js';

const modelListEntry = z.object({
  id: z.string(),
  downloads: z.number().default(0),
  likes: z.number().default(0),
  tags: z.array(z.string()).default([]),
  pipeline_tag: z.string().nullish(),
  lastModified: z.string().nullish(),
});

const treeEntry = z.object({
  type: z.string(),
  path: z.string(),
  size: z.number().default(0),
  lfs: z.object({ oid: z.string(), size: z.number() }).nullish(),
});

/** A file in a repo as the tree API lists it. */
export interface RepoFileEntry {
  path: string;
  sizeBytes: number;
  /** The LFS sha256, for files stored in LFS. */
  sha256: string | null;
}

/** What the resolve URL says about a file before its bytes are fetched. */
export interface HubFileMetadata {
  sizeBytes: number | null;
  sha256: string | null;
}

/** The few Hugging Face API calls Hearth makes, against the configured endpoint. */
export class HfClient {
  constructor(private readonly policy: () => FetchPolicy) {}

  get endpoint(): string {
    return this.policy().hfEndpoint.replace(/\/+$/, '');
  }

  /** GGUF repos matching the words, most downloaded first. */
  async searchModels(search: string, limit = 20, signal?: AbortSignal): Promise<HubModelSummary[]> {
    const url = new URL(`${this.endpoint}/api/models`);
    url.searchParams.set('search', search);
    url.searchParams.set('filter', 'gguf');
    url.searchParams.set('sort', 'downloads');
    url.searchParams.set('direction', '-1');
    url.searchParams.set('limit', String(limit));
    const response = await this.get(url.href, 'models', signal);
    const entries = z.array(modelListEntry).parse(await response.json());
    return entries.map((e) => ({ id: e.id, downloads: e.downloads, likes: e.likes, tags: e.tags, pipelineTag: e.pipeline_tag ?? null, lastModified: e.lastModified ?? null }));
  }

  /** Every file in a repo at a revision, following the API's Link pagination. */
  async listFiles(repo: string, revision = 'main', signal?: AbortSignal): Promise<RepoFileEntry[]> {
    const files: RepoFileEntry[] = [];
    let next: string | null = `${this.endpoint}/api/models/${repo}/tree/${encodeURIComponent(revision)}?recursive=true`;
    while (next) {
      const response = await this.get(next, repo, signal);
      for (const entry of z.array(treeEntry).parse(await response.json())) {
        if (entry.type !== 'file') continue;
        files.push({ path: entry.path, sizeBytes: entry.lfs?.size ?? entry.size, sha256: entry.lfs?.oid ?? null });
      }
      next = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1] ?? null;
    }
    return files;
  }

  /**
   * Size and sha256 from the resolve URL's redirect to the CDN, as huggingface_hub reads
   * them: X-Linked-Size and X-Linked-Etag describe the LFS object behind it. Relative
   * redirects before it (a renamed repo) are followed.
   */
  async fileMetadata(repo: string, revision: string, filePath: string, signal?: AbortSignal): Promise<HubFileMetadata> {
    const url = resolveUrl(this.endpoint, repo, revision, filePath);
    const response = await safeFetch(url, { method: 'HEAD', signal, redirects: 'relative' }, this.policy());
    await checkStatus(response, `${repo}/${filePath}`);
    const linkedEtag = response.headers.get('x-linked-etag');
    const size = response.headers.get('x-linked-size') ?? response.headers.get('content-length');
    return {
      sizeBytes: size !== null && response.headers.has('x-linked-size') ? Number(size) : null,
      sha256: linkedEtag ? normalizeEtag(linkedEtag) : null,
    };
  }

  fileUrl(repo: string, revision: string, filePath: string): string {
    return resolveUrl(this.endpoint, repo, revision, filePath);
  }

  private async get(url: string, what: string, signal?: AbortSignal): Promise<Response> {
    const response = await safeFetch(url, { signal, headers: { Accept: 'application/json' } }, this.policy());
    await checkStatus(response, what);
    return response;
  }
}

/** ETags come quoted and sometimes weak (`W/"…"`); the sha256 is what's inside. */
export function normalizeEtag(etag: string): string | null {
  const value = etag.replace(/^W\//, '').replace(/"/g, '');
  return /^[0-9a-f]{64}$/i.test(value) ? value.toLowerCase() : null;
}

/** Maps the hub's error answers; it answers 401 for a repo that doesn't exist so private names don't leak. */
export async function checkStatus(response: Response, what: string): Promise<void> {
  if (response.ok || (response.status >= 300 && response.status < 400)) return;
  await response.body?.cancel();
  const code = response.headers.get('x-error-code');
  if (code === 'GatedRepo' || response.status === 403) {
    throw new PermissionError(`Hugging Face refused access to ${what}: it is gated or private. Accept its terms on the hub and set hfToken (HEARTH_HF_TOKEN).`);
  }
  if (code === 'RepoNotFound' || response.status === 401) {
    throw new NotFoundError(`Hugging Face has no repo for ${what} (or it is private: set hfToken).`, { code: 'repo_not_found' });
  }
  if (response.status === 404) throw new NotFoundError(`Hugging Face has no file ${what}.`, { code: 'file_not_found' });
  throw new UpstreamError(`Hugging Face answered ${response.status} for ${what}.`);
}
