import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import {
  conversationRecord,
  createConversationInput,
  updateConversationInput,
  type ConversationMessage,
  type ConversationRecord,
  type ConversationSummary,
} from '../../common/conversations.js';
import { InvalidRequestError, NotFoundError } from '../../common/errors.js';
import type { Logger } from '../log.js';
import { RecordFolder } from '../responses/RecordFolder.js';
import type { Owner } from '../responses/ResponseStore.js';
import { defaultTitle, summarize } from './summarize.js';
import { mapLimited } from '../util/mapLimited.js';

/** A conversation's file: the record the UI sees, and what only the store needs. */
const storedChat = z.object({
  owner: z.string().nullable(),
  /** Whether the user named it; until then the title follows the first user message. */
  hasCustomTitle: z.boolean(),
  /** When it went to the trash (ms since the epoch); only on records in the trash. */
  deletedAt: z.number().optional(),
  conversation: conversationRecord,
});
type StoredChat = z.infer<typeof storedChat>;

export interface ConversationStoreOptions {
  dataDir: string;
  logger: Logger;
  /** How long a deleted conversation can be restored; 1 day by default. */
  trashMs?: number;
}

/** Input as the IPC contract and the routes validate it (re-checked here, so no caller can skip it). */
export type CreateConversation = z.input<typeof createConversationInput>;
export type UpdateConversation = z.input<typeof updateConversationInput>;

const dayMs = 24 * 60 * 60 * 1000;
const pruneEveryMs = 60 * 60 * 1000;
/** Files read at once while listing: enough to hide latency, few enough not to exhaust file handles. */
const readConcurrency = 16;

/** The folder under the data dir (`conversations` is the Responses API's). */
export const chatsFolder = 'chats';

/** The same 404 for a conversation that never was, is in the trash, or is another key's. */
function notFound(id: string): NotFoundError {
  return new NotFoundError(`No conversation found with id '${id}'.`, { param: 'id', code: 'conversation_not_found' });
}

function newChatId(): string {
  return `chat_${randomBytes(16).toString('hex')}`;
}

/** Message ids name a message for the UI (edit, regenerate); two alike would make it edit the wrong one. */
function checkMessageIds(messages: readonly ConversationMessage[]): void {
  const seen = new Set<string>();
  messages.forEach((message, index) => {
    if (seen.has(message.id)) throw new InvalidRequestError(`Two messages have the id '${message.id}'; each message needs its own.`, { param: `messages.${index}.id` });
    seen.add(message.id);
  });
}

/**
 * The chat UI's conversations, one JSON file each in `<data>/chats` (atomic writes through RecordFolder).
 * A conversation belongs to the key that made it (null: the machine's own user, when keys are off or the
 * desktop shell asks); for any other key it does not exist. Deleting moves it to `<data>/chats/trash`, from
 * which it can be restored for a day (the UI's undo); the trash is emptied of older ones at start and hourly.
 * A file that can't be read or doesn't hold a conversation is logged and left out, never failing the list.
 */
export class ConversationStore {
  /** List entries by file, reused while the file's size and mtime stay the same (most lists change nothing). */
  private readonly summaries = new Map<string, { version: string; owner: Owner; summary: ConversationSummary } | { version: string; owner?: undefined; summary: null }>();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly live: RecordFolder<StoredChat>,
    private readonly trash: RecordFolder<StoredChat>,
    private readonly options: ConversationStoreOptions,
  ) {
    this.timer = setInterval(() => void this.emptyTrash().catch((error: unknown) => options.logger.warn({ err: error }, 'emptying the conversation trash failed')), pruneEveryMs);
    this.timer.unref();
  }

  static async open(options: ConversationStoreOptions): Promise<ConversationStore> {
    const dir = path.join(options.dataDir, chatsFolder);
    const live = await RecordFolder.open<StoredChat>(dir, options.logger);
    const trash = await RecordFolder.open<StoredChat>(path.join(dir, 'trash'), options.logger);
    const store = new ConversationStore(live, trash, options);
    await store.emptyTrash();
    return store;
  }

  private async read(folder: RecordFolder<StoredChat>, id: string): Promise<StoredChat | null> {
    const raw = await folder.read(id);
    if (raw === null) return null;
    const parsed = storedChat.safeParse(raw);
    if (parsed.success && parsed.data.conversation.id === id) return parsed.data;
    this.options.logger.warn({ dir: folder.dir, id }, 'a stored conversation is not in the expected shape; it is left out');
    return null;
  }

  private async own(folder: RecordFolder<StoredChat>, id: string, owner: Owner): Promise<StoredChat> {
    const stored = await this.read(folder, id);
    if (!stored || stored.owner !== owner) throw notFound(id);
    return stored;
  }

  /** The owner's conversations, newest change first; `query` keeps those whose title or message text holds it. */
  async list(owner: Owner, query?: string): Promise<ConversationSummary[]> {
    const ids = await this.live.ids();
    const searching = query !== undefined && query.trim() !== '';
    const entries = await mapLimited(ids, readConcurrency, async (id) => (searching ? this.searchOne(id, owner, query) : this.summaryOf(id, owner)));
    const known = new Set(ids);
    for (const id of this.summaries.keys()) if (!known.has(id)) this.summaries.delete(id);
    return entries.filter((entry): entry is ConversationSummary => entry !== null).sort((a, b) => b.updatedAt - a.updatedAt || a.id.localeCompare(b.id));
  }

  private async summaryOf(id: string, owner: Owner): Promise<ConversationSummary | null> {
    const info = await stat(path.join(this.live.dir, `${id}.json`)).catch(() => null);
    if (!info) return null;
    // Every save renames a new file into place, so the inode changes even when size and mtime would not.
    const version = `${info.ino}:${info.size}:${info.mtimeMs}`;
    let cached = this.summaries.get(id);
    if (cached?.version !== version) {
      const stored = await this.read(this.live, id);
      // A damaged file is remembered as such, so it is logged once rather than on every list.
      cached = stored ? { version, owner: stored.owner, summary: summarize(stored.conversation)! } : { version, summary: null };
      this.summaries.set(id, cached);
    }
    return cached.summary !== null && cached.owner === owner ? cached.summary : null;
  }

  private async searchOne(id: string, owner: Owner, query: string): Promise<ConversationSummary | null> {
    const stored = await this.read(this.live, id);
    return stored && stored.owner === owner ? summarize(stored.conversation, query) : null;
  }

  async get(id: string, owner: Owner): Promise<ConversationRecord> {
    return (await this.own(this.live, id, owner)).conversation;
  }

  async create(owner: Owner, input: CreateConversation): Promise<ConversationRecord> {
    const { title, settings, messages = [] } = createConversationInput.parse(input);
    checkMessageIds(messages);
    const now = Date.now();
    const conversation: ConversationRecord = { id: newChatId(), title: title ?? defaultTitle(messages), settings: settings ?? {}, messages, createdAt: now, updatedAt: now };
    await this.live.write(conversation.id, { owner, hasCustomTitle: title !== undefined, conversation });
    return conversation;
  }

  /** Replaces the fields given (`settings` and `messages` as a whole); one save after another per conversation. */
  async update(id: string, owner: Owner, patch: UpdateConversation): Promise<ConversationRecord> {
    const { title, settings, messages } = updateConversationInput.parse(patch);
    if (messages) checkMessageIds(messages);
    return this.live.serialized(id, async () => {
      const stored = await this.own(this.live, id, owner);
      const hasCustomTitle = stored.hasCustomTitle || title !== undefined;
      const nextMessages = messages ?? stored.conversation.messages;
      const conversation: ConversationRecord = {
        ...stored.conversation,
        title: title ?? (hasCustomTitle ? stored.conversation.title : defaultTitle(nextMessages)),
        settings: settings ?? stored.conversation.settings,
        messages: nextMessages,
        // Never equal to the last save's, so a list sorts two quick saves in their order.
        updatedAt: Math.max(Date.now(), stored.conversation.updatedAt + 1),
      };
      await this.live.write(id, { ...stored, hasCustomTitle, conversation });
      return conversation;
    });
  }

  /** Moves it to the trash: gone from list and get until restored. */
  delete(id: string, owner: Owner): Promise<void> {
    return this.live.serialized(id, async () => {
      const stored = await this.own(this.live, id, owner);
      // Written to the trash before it leaves the list, so a crash between the two loses nothing.
      await this.trash.write(id, { ...stored, deletedAt: Date.now() });
      await this.live.remove(id);
      this.summaries.delete(id);
    });
  }

  /** Brings a deleted conversation back as it was (its updatedAt unchanged, so it returns to its place in the list). */
  restore(id: string, owner: Owner): Promise<ConversationRecord> {
    return this.live.serialized(id, async () => {
      const { deletedAt: _deletedAt, ...stored } = await this.own(this.trash, id, owner);
      await this.live.write(id, stored);
      await this.trash.remove(id);
      return stored.conversation;
    });
  }

  /** Removes conversations deleted longer ago than the trash keeps them (and unreadable trash files). */
  async emptyTrash(now = Date.now()): Promise<void> {
    const keepMs = this.options.trashMs ?? dayMs;
    for (const id of await this.trash.ids()) {
      const stored = await this.read(this.trash, id);
      if (!stored || now - (stored.deletedAt ?? 0) >= keepMs) await this.trash.remove(id);
    }
  }

  close(): void {
    clearInterval(this.timer);
  }
}
