import { mkdir, readdir, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';

/** Ids as Hearth makes them (`resp_…`, `conv_…`); anything else never becomes a file name. */
const safeId = /^[a-z]+_[A-Za-z0-9]{8,96}$/;

/**
 * One JSON file per record in a folder, written atomically (a crash leaves the old or the new record,
 * never half of one). Changes to one record run one after another, so two updates of a conversation
 * can't lose each other's items.
 */
export class RecordFolder<T> {
  private readonly pending = new Map<string, Promise<unknown>>();

  private constructor(
    readonly dir: string,
    private readonly logger: Logger,
  ) {}

  static async open<T>(dir: string, logger: Logger): Promise<RecordFolder<T>> {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    return new RecordFolder<T>(dir, logger);
  }

  private file(id: string): string | null {
    return safeId.test(id) ? path.join(this.dir, `${id}.json`) : null;
  }

  /** The record, or null when there is none (or it can't be read: a damaged file is logged and treated as gone). */
  async read(id: string): Promise<T | null> {
    const file = this.file(id);
    if (!file) return null;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    try {
      return JSON.parse(text) as T;
    } catch {
      this.logger.warn({ file }, 'a stored record is not valid JSON; it is treated as missing');
      return null;
    }
  }

  async write(id: string, record: T): Promise<void> {
    const file = this.file(id);
    if (!file) throw new Error(`not a record id: ${id}`);
    await writeFileAtomic(file, JSON.stringify(record));
  }

  /** Whether there was a record to remove. */
  async remove(id: string): Promise<boolean> {
    const file = this.file(id);
    if (!file) return false;
    try {
      await unlink(file);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  async ids(): Promise<string[]> {
    const names = await readdir(this.dir);
    return names.filter((name) => name.endsWith('.json') && !name.startsWith('.')).map((name) => name.slice(0, -'.json'.length));
  }

  /** Runs `change` after every earlier change of the same record has settled. */
  serialized<R>(id: string, change: () => Promise<R>): Promise<R> {
    const previous = this.pending.get(id) ?? Promise.resolve();
    const next = previous.then(change, change);
    const settled = next.catch(() => {});
    this.pending.set(id, settled);
    void settled.then(() => {
      if (this.pending.get(id) === settled) this.pending.delete(id);
    });
    return next;
  }
}
