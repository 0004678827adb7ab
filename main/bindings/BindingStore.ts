import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { unwatchFile, watchFile } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { bindingRecord, createBindingInput, updateBindingInput, type BindingRecord, type CreateBindingInput, type UpdateBindingInput } from '../../common/bindings.js';
import { NotFoundError } from '../../common/errors.js';
import type { Logger } from '../log.js';
import { withFileLock } from '../util/withFileLock.js';
import { writeFileAtomic } from '../util/writeFileAtomic.js';
import type { SecretStore } from './SecretStore.js';

const bindingsFile = z.object({ bindings: z.array(bindingRecord) });

/** How often a watching store looks for changes the CLI made, in ms. */
const watchIntervalMs = 500;

export class BindingNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`There is no binding '${id}'. GET /v1/admin/bindings lists them.`, { code: 'binding_not_found' });
  }
}

/**
 * The bindings in <data>/bindings.json, shared by the server and the CLI (a watching store re-reads the
 * file when the CLI changes it). Keys live in the SecretStore, never in this file.
 */
export class BindingStore extends EventEmitter<{ change: [] }> {
  private bindings: BindingRecord[] = [];
  private watching = false;

  private constructor(
    readonly file: string,
    readonly secrets: SecretStore,
    private readonly logger: Logger | undefined,
  ) {
    super();
  }

  static async open(dataDir: string, secrets: SecretStore, options: { watch?: boolean; logger?: Logger } = {}): Promise<BindingStore> {
    const store = new BindingStore(path.join(dataDir, 'bindings.json'), secrets, options.logger);
    store.bindings = await store.read();
    if (options.watch) store.watch();
    return store;
  }

  list(): BindingRecord[] {
    return this.bindings;
  }

  get(id: string): BindingRecord {
    const found = this.bindings.find((b) => b.id === id);
    if (!found) throw new BindingNotFoundError(id);
    return found;
  }

  async create(input: CreateBindingInput): Promise<BindingRecord> {
    const { apiKey, ...fields } = createBindingInput.parse(input);
    const record: BindingRecord = { id: `b_${randomBytes(6).toString('hex')}`, ...fields, createdAt: new Date().toISOString() };
    // The key first: a binding that exists without its key would be served unauthenticated.
    if (apiKey) await this.secrets.set(record.id, apiKey);
    await this.edit((all) => [...all, record]);
    return record;
  }

  async update(id: string, patch: UpdateBindingInput): Promise<BindingRecord> {
    const { apiKey, ...fields } = updateBindingInput.parse(patch);
    this.get(id);
    if (apiKey === null) await this.secrets.delete(id);
    else if (apiKey !== undefined) await this.secrets.set(id, apiKey);
    let updated: BindingRecord | undefined;
    await this.edit((all) =>
      all.map((b) => {
        if (b.id !== id) return b;
        const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
        updated = { ...b, ...defined };
        return updated;
      }),
    );
    if (!updated) throw new BindingNotFoundError(id);
    return updated;
  }

  async delete(id: string): Promise<void> {
    this.get(id);
    await this.edit((all) => all.filter((b) => b.id !== id));
    await this.secrets.delete(id);
  }

  close(): void {
    if (this.watching) unwatchFile(this.file);
    this.watching = false;
  }

  private async read(): Promise<BindingRecord[]> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    return text === null ? [] : bindingsFile.parse(JSON.parse(text)).bindings;
  }

  /** Read, change and write under a lock, so the CLI and the server can't overwrite each other's change. */
  private async edit(change: (all: BindingRecord[]) => BindingRecord[]): Promise<void> {
    await withFileLock(this.file, async () => {
      const next = change(await this.read());
      await writeFileAtomic(this.file, JSON.stringify({ bindings: next }, null, 2));
      this.bindings = next;
    });
    this.emit('change');
  }

  private watch(): void {
    this.watching = true;
    // Not persistent: a server that is otherwise done must not be kept alive by the watch.
    watchFile(this.file, { interval: watchIntervalMs, persistent: false }, () => {
      this.read()
        .then((bindings) => {
          if (JSON.stringify(bindings) === JSON.stringify(this.bindings)) return;
          this.bindings = bindings;
          this.emit('change');
        })
        .catch((error) => this.logger?.warn({ err: error, file: this.file }, 'bindings.json could not be read; keeping the bindings read before'));
    });
  }
}
