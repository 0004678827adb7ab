import type { DatastoreRecord, DocumentRecord, JobRecord, SearchResult } from '../common/rag.js';

/** A file to upload: its name, bytes and (optionally) the type a browser would declare. */
export interface UploadFile {
  name: string;
  data: Uint8Array | string;
  type?: string;
}

export interface RawAnswer<T = unknown> {
  status: number;
  body: T;
}

/** Hearth's /v1/datastores and /v1/jobs routes over plain fetch, as any HTTP client calls them. */
export class RagClient {
  constructor(
    readonly baseUrl: string,
    private readonly apiKey?: string,
  ) {}

  async call<T = unknown>(method: string, path: string, body?: unknown): Promise<RawAnswer<T>> {
    const headers: Record<string, string> = this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {};
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  async ok<T>(method: string, path: string, body?: unknown, expected: number[] = [200, 201, 202]): Promise<T> {
    const answer = await this.call<T>(method, path, body);
    if (!expected.includes(answer.status)) throw new Error(`${method} ${path}: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body;
  }

  create(input: Record<string, unknown>): Promise<DatastoreRecord> {
    return this.ok('POST', '/v1/datastores', input);
  }

  upload(datastoreId: string, files: UploadFile[]): Promise<RawAnswer<JobRecord>> {
    const form = new FormData();
    for (const file of files) form.append('file', new Blob([file.data as BlobPart], { type: file.type ?? 'application/octet-stream' }), file.name);
    return this.call<JobRecord>('POST', `/v1/datastores/${datastoreId}/documents`, form);
  }

  addText(datastoreId: string, text: string, title?: string): Promise<JobRecord> {
    return this.ok('POST', `/v1/datastores/${datastoreId}/documents`, { text, title });
  }

  async documents(datastoreId: string): Promise<DocumentRecord[]> {
    return (await this.ok<{ data: DocumentRecord[] }>('GET', `/v1/datastores/${datastoreId}/documents`)).data;
  }

  async query(datastoreId: string, input: Record<string, unknown>): Promise<SearchResult[]> {
    return (await this.ok<{ data: SearchResult[] }>('POST', `/v1/datastores/${datastoreId}/query`, input)).data;
  }

  job(id: string): Promise<JobRecord> {
    return this.ok('GET', `/v1/jobs/${id}`);
  }

  /** Follows the job's event stream until it is finished (bounded); one request, so no rate limit is hit. */
  async waitForJob(id: string, timeoutMs = 60_000): Promise<JobRecord> {
    return (await this.jobEvents(id, timeoutMs)).at(-1)!;
  }

  /** The job's server-sent snapshots until `[DONE]`. */
  async jobEvents(id: string, timeoutMs = 60_000): Promise<JobRecord[]> {
    const headers: Record<string, string> = { accept: 'text/event-stream', ...(this.apiKey ? { authorization: `Bearer ${this.apiKey}` } : {}) };
    const response = await fetch(`${this.baseUrl}/v1/jobs/${id}`, { headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.headers.get('content-type')?.startsWith('text/event-stream')) throw new Error(`not a stream: ${response.status} ${await response.text()}`);
    const events: JobRecord[] = [];
    for (const block of (await response.text()).split('\n\n')) {
      const data = block.replace(/^data: /, '').trim();
      if (!data || data === '[DONE]') continue;
      events.push(JSON.parse(data) as JobRecord);
    }
    return events;
  }
}
