import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { assistant, type Assistant } from '../../common/assistants.js';
import { InvalidRequestError } from '../../common/errors.js';
import type { Logger } from '../log.js';
import { RecordFolder } from '../responses/RecordFolder.js';
import type { AssistantFields } from './assistantFields.js';

/** An assistant's file: the object the API shows, and its creation time in ms, which orders the list. */
const storedAssistant = z.object({ createdMs: z.number(), assistant });
type StoredAssistant = z.infer<typeof storedAssistant>;

export interface AssistantStoreOptions {
  dataDir: string;
  logger: Logger;
}

function newAssistantId(): string {
  // OpenAI's ids are `asst_` and 24 letters or digits; hex keeps them safe as file names.
  return `asst_${randomBytes(12).toString('hex')}`;
}

/**
 * Assistants in `<data>/assistants`, one JSON file each, written atomically. They are few and read on
 * every chat request that names one, so all are held in memory too; only one Hearth holds a data dir at a
 * time, so the files change only through this store. Names are unique (a chat request may name one as its
 * model), compared case-insensitively as Ollama compares model names.
 */
export class AssistantStore {
  private constructor(
    private readonly folder: RecordFolder<StoredAssistant>,
    private readonly records: Map<string, StoredAssistant>,
  ) {}

  static async open(options: AssistantStoreOptions): Promise<AssistantStore> {
    const folder = await RecordFolder.open<StoredAssistant>(path.join(options.dataDir, 'assistants'), options.logger);
    const records = new Map<string, StoredAssistant>();
    for (const id of await folder.ids()) {
      const parsed = storedAssistant.safeParse(await folder.read(id));
      if (parsed.success && parsed.data.assistant.id === id) records.set(id, parsed.data);
      else options.logger.warn({ file: path.join(folder.dir, `${id}.json`) }, 'a stored assistant is damaged; it is left out');
    }
    return new AssistantStore(folder, records);
  }

  /** Oldest first, as created. */
  list(): Assistant[] {
    return [...this.records.values()].sort((a, b) => a.createdMs - b.createdMs || a.assistant.id.localeCompare(b.assistant.id)).map((record) => record.assistant);
  }

  get(id: string): Assistant | null {
    return this.records.get(id)?.assistant ?? null;
  }

  /** The assistant a chat request's `model` names: by id, else by name. */
  find(idOrName: string): Assistant | null {
    return this.get(idOrName) ?? this.byName(idOrName);
  }

  async create(fields: AssistantFields): Promise<Assistant> {
    this.checkName(fields.name, null);
    const createdMs = Date.now();
    const record: StoredAssistant = { createdMs, assistant: { id: newAssistantId(), object: 'assistant', created_at: Math.floor(createdMs / 1000), ...fields } };
    // Held before the write, so a second create with the same name, arriving meanwhile, is refused.
    this.records.set(record.assistant.id, record);
    try {
      await this.folder.write(record.assistant.id, record);
    } catch (error) {
      this.records.delete(record.assistant.id);
      throw error;
    }
    return record.assistant;
  }

  /**
   * Applies `change` to the assistant after any change still being written; null when there is none.
   * `change` may throw (a refused value), which leaves the record as it was.
   */
  update(id: string, change: (current: AssistantFields) => AssistantFields | Promise<AssistantFields>): Promise<Assistant | null> {
    return this.folder.serialized(id, async () => {
      const current = this.records.get(id);
      if (!current) return null;
      const { id: _id, object: _object, created_at: _createdAt, ...fields } = current.assistant;
      const next = await change(fields);
      this.checkName(next.name, id);
      const record: StoredAssistant = { ...current, assistant: { ...current.assistant, ...next } };
      await this.folder.write(id, record);
      this.records.set(id, record);
      return record.assistant;
    });
  }

  /** Whether there was such an assistant. */
  delete(id: string): Promise<boolean> {
    return this.folder.serialized(id, async () => {
      if (!this.records.has(id)) return false;
      await this.folder.remove(id);
      this.records.delete(id);
      return true;
    });
  }

  private byName(name: string): Assistant | null {
    const wanted = name.toLowerCase();
    return [...this.records.values()].find((record) => record.assistant.name?.toLowerCase() === wanted)?.assistant ?? null;
  }

  private checkName(name: string | null, ownId: string | null): void {
    if (name === null) return;
    const holder = this.byName(name);
    if (holder && holder.id !== ownId) {
      throw new InvalidRequestError(`The assistant ${holder.id} is already named '${holder.name}'; a chat request names an assistant by its model field, so names are unique.`, {
        param: 'name',
        code: 'name_taken',
      });
    }
  }
}
