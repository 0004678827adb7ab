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
  private async find<T extends Owned>(folder: RecordFolder<T>, id: string, owner: Owner): Promise<T | null> {
    const record = await folder.read(id);
    if (!record || record.owner !== owner) return null;
    if (this.isExpired(record)) {
      await folder.remove(id);
      return null;
    }
    return record;
  }

  getResponse(id: string, owner: Owner): Promise<StoredResponse | null> {
    return this.find(this.responses, id, owner);
  }

  saveResponse(record: Omit<StoredResponse, 'updatedAt'>): Promise<void> {
    return this.responses.write(record.response.id, { ...record, updatedAt: Date.now() });
  }

  /** Whether the owner had such a response. */
  async deleteResponse(id: string, owner: Owner): Promise<boolean> {
    return (await this.getResponse(id, owner)) !== null && this.responses.remove(id);
  }

  getConversation(id: string, owner: Owner): Promise<StoredConversation | null> {
    return this.find(this.conversations, id, owner);
  }

  createConversation(record: Omit<StoredConversation, 'updatedAt'>): Promise<void> {
    return this.conversations.write(record.conversation.id, { ...record, updatedAt: Date.now() });
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
      return saved;
    });
  }

  async deleteConversation(id: string, owner: Owner): Promise<boolean> {
    return this.conversations.serialized(id, async () => (await this.getConversation(id, owner)) !== null && this.conversations.remove(id));
  }

  /**
   * The items with these ids among the owner's stored responses (input and output) and conversations, for
   * item_reference. Reads every record until all are found: stored records are bounded by the retention,
   * and a reference is rare next to the requests that carry their items.
   */
  async findItems(ids: ReadonlySet<string>, owner: Owner): Promise<Map<string, ResponsesItem>> {
    const found = new Map<string, ResponsesItem>();
    const take = (items: readonly ResponsesItem[]) => {
      for (const item of items) if (ids.has(item.id) && !found.has(item.id)) found.set(item.id, item);
    };
    for (const id of await this.conversations.ids()) {
      if (found.size === ids.size) return found;
      const record = await this.getConversation(id, owner);
      if (record) take(record.items);
    }
    for (const id of await this.responses.ids()) {
      if (found.size === ids.size) return found;
      const record = await this.getResponse(id, owner);
      if (record) take([...record.input, ...record.response.output]);
    }
    return found;
  }

  /** Removes every record past the retention. */
  async prune(): Promise<void> {
    if (this.options.retentionDays() <= 0) return;
    const now = Date.now();
    for (const folder of [this.responses, this.conversations] as Array<RecordFolder<Owned>>) {
      for (const id of await folder.ids()) {
        const record = await folder.read(id);
        if (record && this.isExpired(record, now)) await folder.remove(id);
      }
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
