import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Field, FixedSizeList, Float32, Int32, Schema, Utf8 } from 'apache-arrow';
import type { Connection, Table } from '@lancedb/lancedb';
import { loadLance } from './loadLance.js';

/** A chunk row as stored (a type, not an interface: LanceDB takes rows as plain records). */
export type ChunkRow = {
  id: string;
  doc_id: string;
  /** sha256 of the document version the chunk was cut from. */
  doc_sha: string;
  doc_title: string;
  source_name: string;
  text: string;
  chunk_index: number;
  start: number;
  end: number;
  /** 0 when the document has no pages (arrow ints here are not nullable, which keeps batches simple). */
  page: number;
  vector: number[];
};

export type TextRow = {
  doc_id: string;
  sha256: string;
  text: string;
  /** JSON array of page start offsets, or 'null'. */
  page_starts: string;
};

/** Table names inside the LanceDB database; datastore ids are UUIDs, which LanceDB accepts in names. */
export const tableNames = {
  catalog: 'catalog',
  documents: (datastoreId: string) => `ds-${datastoreId}-documents`,
  texts: (datastoreId: string) => `ds-${datastoreId}-texts`,
  chunks: (datastoreId: string, generation: number) => `ds-${datastoreId}-chunks-${generation}`,
};

const jsonRowSchema = new Schema([new Field('id', new Utf8(), false), new Field('record', new Utf8(), false)]);
const textSchema = new Schema([
  new Field('doc_id', new Utf8(), false),
  new Field('sha256', new Utf8(), false),
  new Field('text', new Utf8(), false),
  new Field('page_starts', new Utf8(), false),
]);

function chunkSchema(dimension: number): Schema {
  return new Schema([
    new Field('id', new Utf8(), false),
    new Field('doc_id', new Utf8(), false),
    new Field('doc_sha', new Utf8(), false),
    new Field('doc_title', new Utf8(), false),
    new Field('source_name', new Utf8(), false),
    new Field('text', new Utf8(), false),
    new Field('chunk_index', new Int32(), false),
    new Field('start', new Int32(), false),
    new Field('end', new Int32(), false),
    new Field('page', new Int32(), false),
    new Field('vector', new FixedSizeList(dimension, new Field('item', new Float32(), true)), false),
  ]);
}

/** A string literal for LanceDB's SQL filters. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function sqlIn(column: string, values: readonly string[]): string {
  return `${column} IN (${values.map(sqlString).join(', ')})`;
}

/**
 * The LanceDB database of every datastore: a catalog table (one JSON row per datastore), and per datastore a
 * documents table (JSON records), a texts table (each document's extracted text, kept so a reindex can
 * re-chunk without the original files) and a chunks table per generation (a reindex writes the next one).
 * Table handles are opened once and shared: a second handle in the same process doesn't see the first's writes.
 */
export class LanceStore {
  private readonly tables = new Map<string, Promise<Table>>();

  private constructor(private readonly db: Connection) {}

  static async open(uri: string): Promise<LanceStore> {
    const lancedb = await loadLance();
    return new LanceStore(await lancedb.connect(uri));
  }

  /** The table, created empty with its schema if missing. */
  table(name: string, schema?: Schema): Promise<Table> {
    let table = this.tables.get(name);
    if (!table) {
      table = (async () => {
        const names = await this.db.tableNames();
        if (names.includes(name)) return this.db.openTable(name);
        if (!schema) throw new Error(`LanceDB table ${name} does not exist.`);
        return this.db.createEmptyTable(name, schema, { mode: 'create', existOk: true });
      })();
      table.catch(() => this.tables.get(name) === table && this.tables.delete(name));
      this.tables.set(name, table);
    }
    return table;
  }

  async tableNamesWithPrefix(prefix: string): Promise<string[]> {
    return (await this.db.tableNames()).filter((name) => name.startsWith(prefix));
  }

  async hasTable(name: string): Promise<boolean> {
    return (await this.db.tableNames()).includes(name);
  }

  async dropTable(name: string): Promise<void> {
    const table = this.tables.get(name);
    this.tables.delete(name);
    (await table?.catch(() => null))?.close();
    if (await this.hasTable(name)) await this.db.dropTable(name);
  }

  jsonTable(name: string): Promise<Table> {
    return this.table(name, jsonRowSchema);
  }

  textsTable(datastoreId: string): Promise<Table> {
    return this.table(tableNames.texts(datastoreId), textSchema);
  }

  chunksTable(datastoreId: string, generation: number, dimension: number): Promise<Table> {
    return this.table(tableNames.chunks(datastoreId, generation), chunkSchema(dimension));
  }

  /** Every JSON record of a table (the catalog, a datastore's documents). */
  async readJson<T>(name: string): Promise<T[]> {
    const table = await this.jsonTable(name);
    const rows = await table.query().select(['record']).toArray();
    return rows.map((row) => JSON.parse(String(row.record)) as T);
  }

  /** Inserts or replaces JSON records by id, in one commit. */
  async putJson(name: string, records: readonly { id: string }[]): Promise<void> {
    if (records.length === 0) return;
    const table = await this.jsonTable(name);
    await table
      .mergeInsert('id')
      .whenMatchedUpdateAll()
      .whenNotMatchedInsertAll()
      .execute(records.map((record) => ({ id: record.id, record: JSON.stringify(record) })));
  }

  async deleteJson(name: string, ids: readonly string[]): Promise<void> {
    if (ids.length === 0) return;
    await (await this.jsonTable(name)).delete(sqlIn('id', ids));
  }

  /** Drops every table of a datastore. */
  async dropDatastore(datastoreId: string): Promise<void> {
    const prefix = `ds-${datastoreId}-`;
    for (const name of await this.db.tableNames()) if (name.startsWith(prefix)) await this.dropTable(name);
  }

  close(): void {
    for (const table of this.tables.values()) void table.then((t) => t.close()).catch(() => {});
    this.tables.clear();
    this.db.close();
  }
}

/**
 * Removes the temporary files a killed writer leaves in a local database (`<table>.lance/data/.tmp*`,
 * large after an interrupted add): the table is at its last committed version without them, and neither
 * optimize() nor cleanup deletes them. Only safe while no other process writes (the service's lock).
 */
export async function removeTempFiles(localDir: string): Promise<string[]> {
  const removed: string[] = [];
  let tables: string[];
  try {
    tables = (await readdir(localDir)).filter((name) => name.endsWith('.lance'));
  } catch {
    return removed;
  }
  for (const table of tables) {
    for (const sub of ['data', '_indices', '_versions', '_transactions', '']) {
      const dir = path.join(localDir, table, sub);
      const names = await readdir(dir).catch(() => [] as string[]);
      for (const name of names) {
        if (!name.startsWith('.tmp')) continue;
        await rm(path.join(dir, name), { recursive: true, force: true });
        removed.push(path.join(dir, name));
      }
    }
  }
  return removed;
}
