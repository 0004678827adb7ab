import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { servedName, type BindingModel, type BindingSummary, type CreateBindingInput } from '../../common/bindings.js';
import { BindingService } from '../bindings/BindingService.js';
import { BindingStore } from '../bindings/BindingStore.js';
import { FileSecretStore } from '../bindings/SecretStore.js';
import { appDataDir } from '../config/appDataDir.js';

export const bindingsUsage = `Usage:
  npm run hearth -- bindings add --name NAME --kind openai|ollama --url BASE_URL --model NAME[=ALIAS] [--model ...]
                                 [--api-key-env VAR | --api-key KEY] [--timeout-ms N] [--json]
  npm run hearth -- bindings list [--json]
  npm run hearth -- bindings test ID [--json]
  npm run hearth -- bindings remove ID
Options for all: --data-dir DIR (default HEARTH_DATA_DIR or the app's data folder).
BASE_URL is where the API's paths start: http://gpu-box:8000/v1 for vLLM (openai), http://host:11434 for Ollama.
--model NAME=ALIAS serves the upstream's NAME to Hearth's clients as ALIAS. --api-key-env reads the key from an
environment variable, which keeps it out of the shell history; keys go to <data>/binding-keys.json (mode 0600).
A running server sees the change within a second.`;

/** `hearth bindings`: manages remote upstreams in the data dir directly; a running server watches the file. */
export async function bindingsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      name: { type: 'string' },
      kind: { type: 'string' },
      url: { type: 'string' },
      model: { type: 'string', multiple: true },
      'api-key': { type: 'string' },
      'api-key-env': { type: 'string' },
      'timeout-ms': { type: 'string' },
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [action, id] = positionals;
  if (values.help || !action) {
    console.log(bindingsUsage);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const dataDir = path.resolve(values['data-dir'] ?? process.env.HEARTH_DATA_DIR ?? appDataDir());
  const secrets = new FileSecretStore(dataDir);
  const store = await BindingStore.open(dataDir, secrets);
  const service = new BindingService(store, { healthIntervalMs: 0 });
  const needId = () => {
    if (!id) throw new Error(`Which binding? ${bindingsUsage.split('\n').find((line) => line.includes(`bindings ${action}`))?.trim()}`);
    return id;
  };
  try {
    switch (action) {
      case 'add': {
        const created = await service.create(addInput(values));
        if (values.json) console.log(JSON.stringify(created, null, 2));
        else console.log(`Added binding '${created.name}' (id ${created.id}) serving ${created.models.map(servedName).join(', ')}.${created.hasApiKey ? ` Its API key is kept in ${store.secrets.kind === 'file' ? 'binding-keys.json (mode 0600)' : 'safeStorage'}.` : ''}`);
        return;
      }
      case 'list': {
        // A key the desktop app encrypted shows as kept there: this process sees that it exists, not what it is.
        const all = await Promise.all((await service.summaries()).map(async (b) => ((await secrets.isSealed(b.id)) ? { ...b, keyStorage: 'safeStorage' as const } : b)));
        if (values.json) console.log(JSON.stringify(all, null, 2));
        else console.log(all.length === 0 ? 'No bindings yet. Add one with: npm run hearth -- bindings add --help' : table(all));
        return;
      }
      case 'test': {
        const result = await service.test(needId());
        if (values.json) console.log(JSON.stringify(result, null, 2));
        else if (result.ok) console.log(`OK in ${result.latencyMs} ms; the upstream lists: ${result.models.join(', ') || '(no models)'}`);
        else console.log(`Failed after ${result.latencyMs} ms: ${result.error}`);
        if (!result.ok) process.exitCode = 1;
        return;
      }
      case 'remove':
      case 'delete': {
        await service.delete(needId());
        console.log(`Removed binding ${id}.`);
        return;
      }
      default:
        throw new Error(`Unknown bindings action '${action}'.\n${bindingsUsage}`);
    }
  } catch (error) {
    if (error instanceof z.ZodError) throw new Error(z.prettifyError(error));
    throw error;
  } finally {
    service.dispose();
  }
}

function addInput(values: Record<string, string | boolean | string[] | undefined>): CreateBindingInput {
  const envName = values['api-key-env'] as string | undefined;
  const apiKey = envName ? process.env[envName] : (values['api-key'] as string | undefined);
  if (envName && !apiKey) throw new Error(`The environment variable ${envName} is empty or unset.`);
  const models: BindingModel[] = ((values.model as string[] | undefined) ?? []).map((spec) => {
    const at = spec.indexOf('=');
    return at > 0 ? { name: spec.slice(0, at), alias: spec.slice(at + 1) } : { name: spec };
  });
  if (models.length === 0) throw new Error('Name at least one model the upstream serves: --model NAME[=ALIAS]');
  const timeout = values['timeout-ms'] === undefined ? undefined : Number(values['timeout-ms']);
  return { name: String(values.name ?? ''), kind: values.kind as CreateBindingInput['kind'], baseUrl: String(values.url ?? ''), apiKey: apiKey || undefined, models, timeoutMs: timeout };
}

function table(bindings: BindingSummary[]): string {
  const rows = [
    ['ID', 'NAME', 'KIND', 'URL', 'MODELS', 'KEY', 'ENABLED'],
    ...bindings.map((b) => [
      b.id,
      b.name,
      b.kind,
      b.baseUrl,
      b.models.map((m) => (m.alias ? `${m.name}=${m.alias}` : m.name)).join(','),
      b.hasApiKey ? b.keyStorage : '-',
      b.enabled ? 'yes' : 'no',
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join('  ').trimEnd()).join('\n');
}
