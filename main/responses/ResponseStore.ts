import path from 'node:path';
import type { Conversation, ResponsesItem, ResponsesResponse } from '../../common/api/responses.js';
import type { Logger } from '../log.js';
import { RecordFolder } from './RecordFolder.js';

/** Who made a record: an API key's id, or null for the machine's own user (keys off, the desktop shell). */
export type Owner = string | null;

interface Owned {
  owner: Owner;
  /** When the record last changed, in ms since the epoch; retention counts from it. */
  updatedAt: number;
}

export interface StoredResponse extends Owned {
  response: ResponsesResponse;
  /** The request's own input items, with ids: what a continued response reads before its output. */
  input: ResponsesItem[];
  /**
   * The items before `input` that the response saw (from previous_response_id or its conversation), kept as
   * they were so input_items lists the whole input even after the conversation changes. Absent on records
   * stored before it was kept.
   */
  history?: ResponsesItem[];
}

export interface StoredConversation extends Owned {
  conversation: Conversation;
  items: ResponsesItem[];
}

type StoredRecord = StoredResponse | StoredConversation;

export interface ResponseStoreOptions {
  dataDir: string;
  /** Read on every check, so a settings change applies at once (the responsesRetentionDays setting; 0 keeps all). */
  retentionDays: () => number;
  logger: Logger;
}

const pruneEveryMs = 60 * 60 * 1000;

/**
 * Stored responses and conversations of the Responses API, in `<data>/responses` and `<data>/conversations`,
 * one file each. A record belongs to the key that made it: for any other key it does not exist (the routes
 * answer 404, so ids can't be probed). Records older than the retention are dropped when read and pruned hourly.
 */
export class ResponseStore {
  private readonly timer: NodeJS.Timeout;
  /**
   * For item_reference: item id → the records holding it (`conversation:<id>`, `response:<id>`). Every write
   * adds to it; the records already on disk are read into it once, on the first lookup, not at start-up.
   * An entry may outlive its item (a change made elsewhere); findItems checks the record and drops it then.
   */
  private readonly itemHolders = new Map<string, Set<string>>();
  private indexed: Promise<void> | null = null;

  private constructor(
    private readonly responses: RecordFolder<StoredResponse>,
    private readonly conversations: RecordFolder<StoredConversation>,
    private readonly options: ResponseStoreOptions,
  ) {
    this.timer = setInterval(() => void this.prune().catch((error: unknown) => options.logger.warn({ err: error }, 'pruning stored responses failed')), pruneEveryMs);
    this.timer.unref();
  }

  static async open(options: ResponseStoreOptions): Promise<ResponseStore> {
    const [responses, conversations] = await Promise.all([
      RecordFolder.open<StoredResponse>(path.join(options.dataDir, 'responses'), options.logger),
      RecordFolder.open<StoredConversation>(path.join(options.dataDir, 'conversations'), options.logger),
    ]);
    const store = new ResponseStore(responses, conversations, options);
    await store.prune();
    return store;
  }

  private isExpired(record: Owned, now = Date.now()): boolean {
    const days = this.options.retentionDays();
    return days > 0 && now - record.updatedAt > days * 24 * 60 * 60 * 1000;
  }

  /** The record when `owner` may see it and it has not expired. */
  private async find<T extends StoredRecord>(folder: RecordFolder<T>, id: string, owner: Owner): Promise<T | null> {
    const record = await folder.read(id);
    if (!record || record.owner !== owner) return null;
    if (this.isExpired(record)) {
      await this.removeRecord(folder, id, record);
      return null;
    }
    return record;
  }

  private holderOf(id: string, record: StoredRecord): string {
    return 'items' in record ? `conversation:${id}` : `response:${id}`;
  }

  /** The items item_reference may name: a conversation's, or a response's input and output. */
  private referable(record: StoredRecord): readonly ResponsesItem[] {
    return 'items' in record ? record.items : [...record.input, ...record.response.output];
  }

  private index(holder: string, items: readonly ResponsesItem[]): void {
    for (const item of items) {
      const holders = this.itemHolders.get(item.id);
      if (holders) holders.add(holder);
      else this.itemHolders.set(item.id, new Set([holder]));
    }
  }

  private unindex(holder: string, items: ReadonlyArray<Pick<ResponsesItem, 'id'>>): void {
    for (const { id } of items) {
      const holders = this.itemHolders.get(id);
      holders?.delete(holder);
      if (holders?.size === 0) this.itemHolders.delete(id);
    }
  }

  /** Reads the stored records into the item index, once. */
  private indexStored(): Promise<void> {
    this.indexed ??= (async () => {
      for (const folder of [this.conversations, this.responses] as Array<RecordFolder<StoredRecord>>) {
        for (const id of await folder.ids()) {
          const record = await folder.read(id);
          if (record) this.index(this.holderOf(id, record), this.referable(record));
        }
      }
    })().catch((error: unknown) => {
      // Tried again on the next lookup.
      this.indexed = null;
      throw error;
    });
    return this.indexed;
  }

  getResponse(id: string, owner: Owner): Promise<StoredResponse | null> {
    return this.find(this.responses, id, owner);
  }

  async saveResponse(record: Omit<StoredResponse, 'updatedAt'>): Promise<void> {
    const saved = { ...record, updatedAt: Date.now() };
    await this.responses.write(record.response.id, saved);
    this.index(this.holderOf(record.response.id, saved), this.referable(saved));
  }

  /** Whether the owner had such a response. */
  async deleteResponse(id: string, owner: Owner): Promise<boolean> {
    const record = await this.getResponse(id, owner);
    return record !== null && this.removeRecord(this.responses, id, record);
  }

  getConversation(id: string, owner: Owner): Promise<StoredConversation | null> {
    return this.find(this.conversations, id, owner);
  }

  async createConversation(record: Omit<StoredConversation, 'updatedAt'>): Promise<void> {
    const saved = { ...record, updatedAt: Date.now() };
    await this.conversations.write(record.conversation.id, saved);
    this.index(this.holderOf(record.conversation.id, saved), saved.items);
  }

  /**
   * Changes a conversation the owner has, after any change still being written; null when there is none.
   * `change` returns the new record, or null to leave it as it is.
   */
  updateConversation(id: string, owner: Owner, change: (record: StoredConversation) => StoredConversation | null): Promise<StoredConversation | null> {
    return this.conversations.serialized(id, async () => {
      const record = await this.getConversation(id, owner);
      if (!record) return null;
      const next = change(record);
      if (!next) return record;
      const saved = { ...next, updatedAt: Date.now() };
      await this.conversations.write(id, saved);
      const kept = new Set(saved.items.map((item) => item.id));
      this.unindex(this.holderOf(id, saved), record.items.filter((item) => !kept.has(item.id)));
      this.index(this.holderOf(id, saved), saved.items);
      return saved;
    });
  }

  async deleteConversation(id: string, owner: Owner): Promise<boolean> {
    return this.conversations.serialized(id, async () => {
      const record = await this.getConversation(id, owner);
      return record !== null && this.removeRecord(this.conversations, id, record);
    });
  }

  /**
   * The items with these ids among the owner's stored responses (input and output) and conversations, for
   * item_reference; a conversation's copy first. Reads only the records the index names.
   */
  async findItems(ids: ReadonlySet<string>, owner: Owner): Promise<Map<string, ResponsesItem>> {
    await this.indexStored();
    const found = new Map<string, ResponsesItem>();
    for (const itemId of ids) {
      // `conversation:` sorts before `response:`.
      for (const holder of [...(this.itemHolders.get(itemId) ?? [])].sort()) {
        const [kind, id] = holder.split(':') as ['conversation' | 'response', string];
        const folder: RecordFolder<StoredRecord> = kind === 'conversation' ? this.conversations : this.responses;
        const record = await folder.read(id);
        const item = record && this.referable(record).find((candidate) => candidate.id === itemId);
        if (!item) {
          this.unindex(holder, [{ id: itemId }]);
          continue;
        }
        if (record.owner !== owner) continue;
        if (this.isExpired(record)) {
          await this.removeRecord(folder, id, record);
          continue;
        }
        found.set(itemId, item);
        break;
      }
    }
    return found;
  }

  /** Removes every record past the retention. */
  async prune(): Promise<void> {
    if (this.options.retentionDays() <= 0) return;
    const now = Date.now();
    for (const folder of [this.responses, this.conversations] as Array<RecordFolder<StoredRecord>>) {
      for (const id of await folder.ids()) {
        const record = await folder.read(id);
        if (record && this.isExpired(record, now)) await this.removeRecord(folder, id, record);
      }
    }
  }

  /** Removes the record and what the item index holds of it. */
  private async removeRecord(folder: RecordFolder<StoredRecord>, id: string, record: StoredRecord): Promise<boolean> {
    this.unindex(this.holderOf(id, record), this.referable(record));
    return folder.remove(id);
  }

  close(): void {
    clearInterval(this.timer);
  }
}
