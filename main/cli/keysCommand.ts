import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { ApiKeySummary, CreateKeyInput } from '../../common/keys.js';
import { appDataDir } from '../config/appDataDir.js';
import { ApiKeyStore } from '../keys/ApiKeyStore.js';

export const keysUsage = `Usage:
  npm run hearth -- keys create --alias NAME [--role user|admin] [--rpm N] [--burst N] [--max-concurrent N] [--expires-in-days N] [--json]
  npm run hearth -- keys list [--json]
  npm run hearth -- keys revoke ID
  npm run hearth -- keys delete ID
Options for all: --data-dir DIR (default HEARTH_DATA_DIR or the app's data folder).
A running server sees the change within a second.`;

/**
 * `hearth keys`: manages keys in the data dir's store directly; the store is
 * safe to share with a running server (see main/keys/keyJournal.ts).
 */
export async function keysCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      alias: { type: 'string' },
      role: { type: 'string' },
      rpm: { type: 'string' },
      burst: { type: 'string' },
      'max-concurrent': { type: 'string' },
      'expires-in-days': { type: 'string' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [action, id] = positionals;
  if (values.help || !action) {
    console.log(keysUsage);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const dataDir = path.resolve(values['data-dir'] ?? process.env.HEARTH_DATA_DIR ?? appDataDir());
  const store = await ApiKeyStore.open(dataDir);
  try {
    switch (action) {
      case 'create': {
        if (!values.alias) throw new Error('A key needs a name: keys create --alias NAME');
        const created = await store.create(createInput(values));
        if (values.json) console.log(JSON.stringify({ id: created.id, alias: created.alias, role: created.role, key: created.key }));
        else {
          console.log(`Created ${created.role} key '${created.alias}' (id ${created.id}). Copy it now; it is not shown again:\n`);
          console.log(`  ${created.key}\n`);
          console.log(`Use it as 'Authorization: Bearer <key>' or 'X-API-Key: <key>'.`);
        }
        return;
      }
      case 'list': {
        const keys = store.list();
        if (values.json) console.log(JSON.stringify(keys, null, 2));
        else console.log(keys.length === 0 ? 'No API keys yet. Create one with: npm run hearth -- keys create --alias NAME' : table(keys));
        return;
      }
      case 'revoke':
      case 'delete': {
        if (!id) throw new Error(`Which key? ${keysUsage.split('\n').find((line) => line.includes(`keys ${action}`))?.trim()}`);
        if (action === 'revoke') await store.revoke(id);
        else await store.delete(id);
        console.log(`${action === 'revoke' ? 'Revoked' : 'Deleted'} key ${id}.`);
        return;
      }
      default:
        throw new Error(`Unknown keys action '${action}'.\n${keysUsage}`);
    }
  } catch (error) {
    if (error instanceof z.ZodError) throw new Error(z.prettifyError(error));
    throw error;
  } finally {
    await store.close();
  }
}

function createInput(values: Record<string, string | boolean | undefined>): CreateKeyInput {
  const number = (name: string) => (values[name] === undefined ? undefined : Number(values[name]));
  const days = number('expires-in-days');
  const rateLimit = { requestsPerMinute: number('rpm'), burst: number('burst'), maxConcurrent: number('max-concurrent') };
  return {
    alias: String(values.alias ?? ''),
    role: (values.role as CreateKeyInput['role']) ?? 'user',
    rateLimit: Object.values(rateLimit).some((value) => value !== undefined) ? rateLimit : undefined,
    expiresAt: days === undefined ? undefined : new Date(Date.now() + days * 86_400_000).toISOString(),
  };
}

function table(keys: ApiKeySummary[]): string {
  const rows = [
    ['ID', 'ALIAS', 'ROLE', 'STATUS', 'CREATED', 'LAST USED', 'REQUESTS', 'TOKENS'],
    ...keys.map((key) => [
      key.id,
      key.alias,
      key.role,
      key.status,
      key.createdAt.slice(0, 16).replace('T', ' '),
      key.lastUsedAt?.slice(0, 16).replace('T', ' ') ?? '-',
      String(key.requests),
      String(key.promptTokens + key.completionTokens),
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
