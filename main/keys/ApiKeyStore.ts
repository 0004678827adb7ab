import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { unwatchFile, watchFile } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { NotFoundError } from '../../common/errors.js';
import { createKeyInput, type ApiKeySummary, type CreateKeyInput, type CreatedKey, type KeyRateLimit, type KeyRole } from '../../common/keys.js';
import type { Logger } from '../log.js';
import { digestsEqual, generateKey, hashKey, keyId, keyPrefix } from './hashKey.js';
import { appendRecord, readJournal, type JournalRecord } from './keyJournal.js';
import { emptyUsage, readUsageFile, writeUsageFile, type KeyUsage } from './keyUsageFile.js';

/** The caller a presented key proved to be. */
export interface AuthenticatedKey {
  id: string;
  alias: string;
  role: KeyRole;
  rateLimit: KeyRateLimit | null;
}

interface StoredKey extends AuthenticatedKey {
  hash: Buffer;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

export interface ApiKeyStoreOptions {
  /** Re-read the journal when another process (the CLI) changes it. Default false. */
  watch?: boolean;
  logger?: Logger;
}

/** How often a watching store looks for changes from other processes, in ms. */
const watchIntervalMs = 250;
const usageFlushDelayMs = 2_000;

/**
 * API keys shared by the server, the CLI and (later) the desktop UI, kept in
 * the data dir as `keys.jsonl` (see keyJournal.ts) plus `keys-usage.json`.
 */
export class ApiKeyStore extends EventEmitter<{ change: [] }> {
  private keys = new Map<string, StoredKey>();
  private usage = new Map<string, KeyUsage>();
  // Compared against when the presented id is unknown, so that case costs the same work as a wrong secret.
  private readonly decoyHash = randomBytes(32);
  // Reloads and appends run one at a time, so a reload that read the file before an append can't drop its record.
  private queue: Promise<unknown> = Promise.resolve();
  private flushTimer: NodeJS.Timeout | null = null;
  private watching = false;

  private constructor(
    readonly journalFile: string,
    private readonly usageFile: string,
    private readonly logger: Logger | undefined,
  ) {
    super();
  }

  static async open(dataDir: string, options: ApiKeyStoreOptions = {}): Promise<ApiKeyStore> {
    await mkdir(dataDir, { recursive: true });
    const store = new ApiKeyStore(path.join(dataDir, 'keys.jsonl'), path.join(dataDir, 'keys-usage.json'), options.logger);
    store.usage = await readUsageFile(store.usageFile);
    await store.reload();
    if (options.watch) {
      store.watching = true;
      watchFile(store.journalFile, { interval: watchIntervalMs, persistent: false }, () => {
        store.reload().catch((error) => store.logger?.error({ err: error }, 'reloading the key store failed'));
      });
    }
    return store;
  }

  /** Re-reads the journal; changes made by other processes appear after this. */
  reload(): Promise<void> {
    return this.enqueue(async () => {
      const { records, skipped } = await readJournal(this.journalFile);
      if (skipped > 0) this.logger?.warn({ file: this.journalFile, skipped }, 'skipped unreadable key records');
      const keys = new Map<string, StoredKey>();
      for (const record of records) apply(keys, record);
      this.keys = keys;
      this.emit('change');
    });
  }

  async create(input: CreateKeyInput): Promise<CreatedKey> {
    const { alias, role, rateLimit, expiresAt } = createKeyInput.parse(input);
    const { id, key } = generateKey();
    const record: JournalRecord = {
      op: 'create',
      id,
      alias,
      role,
      hash: hashKey(key).toString('hex'),
      createdAt: new Date().toISOString(),
      expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
      rateLimit: rateLimit ?? null,
    };
    await this.append(record);
    return { ...this.summarize(this.keys.get(id)!), key };
  }

  list(): ApiKeySummary[] {
    return [...this.keys.values()].map((key) => this.summarize(key));
  }

  get(id: string): ApiKeySummary | undefined {
    const key = this.keys.get(id);
    return key && this.summarize(key);
  }

  /** Whether any key could be used right now. */
  hasActiveKeys(): boolean {
    return this.list().some((key) => key.status === 'active');
  }

  async revoke(id: string): Promise<ApiKeySummary> {
    await this.reload();
    const key = this.requireKey(id);
    if (key.revokedAt === null) await this.append({ op: 'revoke', id, at: new Date().toISOString() });
    return this.summarize(this.requireKey(id));
  }

  async delete(id: string): Promise<void> {
    await this.reload();
    this.requireKey(id);
    await this.append({ op: 'delete', id, at: new Date().toISOString() });
    this.usage.delete(id);
  }

  /**
   * The key a presented secret belongs to, or null. Unknown ids, wrong secrets,
   * revoked and expired keys all do the same work (one hash, one constant-time
   * comparison) and give the same answer.
   */
  authenticate(presented: string): AuthenticatedKey | null {
    const digest = hashKey(presented);
    const id = keyId(presented);
    const key = id === null ? undefined : this.keys.get(id);
    const matches = digestsEqual(digest, key?.hash ?? this.decoyHash);
    const usable = key !== undefined && key.revokedAt === null && (key.expiresAt === null || Date.parse(key.expiresAt) > Date.now());
    if (!matches || !usable) return null;
    return { id: key.id, alias: key.alias, role: key.role, rateLimit: key.rateLimit };
  }

  /** Counts one finished request against the key; written to disk a little later. */
  recordUsage(id: string, tokens: { promptTokens?: number; completionTokens?: number }): void {
    if (!this.keys.has(id)) return;
    const usage = this.usage.get(id) ?? emptyUsage();
    usage.requests++;
    usage.promptTokens += tokens.promptTokens ?? 0;
    usage.completionTokens += tokens.completionTokens ?? 0;
    usage.lastUsedAt = new Date().toISOString();
    this.usage.set(id, usage);
    this.flushTimer ??= setTimeout(() => void this.flushUsage(), usageFlushDelayMs).unref();
  }

  async close(): Promise<void> {
    if (this.watching) unwatchFile(this.journalFile);
    this.watching = false;
    if (this.flushTimer) await this.flushUsage();
    await this.queue;
  }

  private async flushUsage(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    for (const id of this.usage.keys()) if (!this.keys.has(id)) this.usage.delete(id);
    await writeUsageFile(this.usageFile, this.usage).catch((error) => this.logger?.error({ err: error }, 'saving key usage failed'));
  }

  private append(record: JournalRecord): Promise<void> {
    return this.enqueue(async () => {
      await appendRecord(this.journalFile, record);
      apply(this.keys, record);
      this.emit('change');
    });
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const done = this.queue.then(task);
    this.queue = done.catch(() => {});
    return done;
  }

  private requireKey(id: string): StoredKey {
    const key = this.keys.get(id);
    if (!key) throw new NotFoundError(`No API key with id '${id}'.`, { param: 'id', code: 'key_not_found' });
    return key;
  }

  private summarize(key: StoredKey): ApiKeySummary {
    const usage = this.usage.get(key.id) ?? emptyUsage();
    const expired = key.expiresAt !== null && Date.parse(key.expiresAt) <= Date.now();
    return {
      id: key.id,
      alias: key.alias,
      prefix: keyPrefix(key.id),
      role: key.role,
      status: key.revokedAt !== null ? 'revoked' : expired ? 'expired' : 'active',
      createdAt: key.createdAt,
      expiresAt: key.expiresAt,
      revokedAt: key.revokedAt,
      lastUsedAt: usage.lastUsedAt,
      requests: usage.requests,
      promptTokens: usage.promptTokens,
      completionTokens: usage.completionTokens,
      rateLimit: key.rateLimit,
    };
  }
}

function apply(keys: Map<string, StoredKey>, record: JournalRecord): void {
  switch (record.op) {
    case 'create':
      if (keys.has(record.id)) return;
      keys.set(record.id, {
        id: record.id,
        alias: record.alias,
        role: record.role,
        rateLimit: record.rateLimit,
        hash: Buffer.from(record.hash, 'hex'),
        createdAt: record.createdAt,
        expiresAt: record.expiresAt,
        revokedAt: null,
      });
      return;
    case 'revoke': {
      const key = keys.get(record.id);
      if (key && key.revokedAt === null) key.revokedAt = record.at;
      return;
    }
    case 'delete':
      keys.delete(record.id);
      return;
  }
}
