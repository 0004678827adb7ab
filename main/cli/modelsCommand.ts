import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { DownloadRecord } from '../../common/downloads.js';
import { formatBytes } from '../../common/format.js';
import type { FolderModelPurpose } from '../../common/library.js';
import { appDataDir } from '../config/appDataDir.js';
import { overridesFromEnv } from '../config/overridesFromEnv.js';
import { SettingsStore } from '../config/SettingsStore.js';
import { DownloadManager } from '../downloads/DownloadManager.js';
import { folderReference } from '../downloads/folderCatalog.js';
import { HfClient } from '../downloads/HfClient.js';
import { folderCatalogs } from '../library/folderCatalogs.js';
import { ModelLibrary } from '../library/ModelLibrary.js';
import { ModelSources } from '../library/ModelSources.js';
import { createLogger } from '../log.js';

const folderModelWords: Record<FolderModelPurpose, string> = { 'speech-to-text': 'for transcription, a Whisper model', 'text-to-speech': 'for speech, a neural voice' };

export const modelsUsage = `Usage:
  npm run hearth -- models pull REF     hf:USER/REPO/FILE.gguf, hf.co/USER/REPO:QUANT or an https:// URL;
${folderCatalogs.map((c) => `${' '.repeat(40)}${folderModelWords[c.purpose]}: ${c.entries.map((e) => folderReference(c, e)).join(', ')}`).join('\n')}
  npm run hearth -- models list [--json]
  npm run hearth -- models rm ID
Options for all: --data-dir DIR, --models-dir DIR (defaults: HEARTH_DATA_DIR / HEARTH_MODELS_DIR or the app's folders).
Hugging Face: HEARTH_HF_ENDPOINT, HEARTH_HF_TOKEN. An interrupted pull resumes when run again.`;

/** `hearth models`: pull, list and remove models without starting the server. */
export async function modelsCommand(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      'data-dir': { type: 'string' },
      'models-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
    strict: true,
  });
  const [action, arg] = positionals;
  if (values.help || !action || ((action === 'pull' || action === 'rm') && !arg)) {
    console.log(modelsUsage);
    if (!values.help) process.exitCode = 2;
    return;
  }
  const { dataDir: envDataDir, modelsDir: envModelsDir, ...overrides } = overridesFromEnv();
  const dataDir = path.resolve(values['data-dir'] ?? envDataDir ?? appDataDir());
  const modelsDir = path.resolve(values['models-dir'] ?? envModelsDir ?? path.join(dataDir, 'models'));
  await mkdir(modelsDir, { recursive: true });
  const settings = await SettingsStore.open(dataDir, modelsDir, overrides);
  const logger = createLogger(process.env.HEARTH_LOG_LEVEL ?? 'warn');
  const sources = await ModelSources.open(dataDir);

  switch (action) {
    case 'pull':
      return pull(arg!, settings, sources, logger);
    case 'list': {
      const library = new ModelLibrary({ settings, sources, hub: new HfClient(() => settings.get()), logger });
      const models = await library.list();
      if (values.json) return console.log(JSON.stringify(models, null, 2));
      if (models.length === 0) return console.log(`No models in ${modelsDir}. Pull one with: npm run hearth -- models pull hf.co/USER/REPO:Q4_K_M`);
      for (const m of models) {
        const details = [m.architecture, m.parameterCount ? `${formatCount(m.parameterCount)} params` : null, m.quantization, formatBytes(m.sizeBytes)].filter(Boolean).join('  ');
        console.log(`${m.id.padEnd(40)} ${details}${m.error ? `  (unreadable: ${m.error})` : ''}`);
      }
      return;
    }
    case 'rm': {
      // No engine here: a server holding the model open keeps its mapping until it unloads.
      const library = new ModelLibrary({ settings, sources, hub: new HfClient(() => settings.get()), logger });
      await library.delete(arg!);
      return console.log(`Removed ${arg}.`);
    }
    default:
      console.error(modelsUsage);
      process.exitCode = 2;
  }
}

async function pull(ref: string, settings: SettingsStore, sources: ModelSources, logger: ReturnType<typeof createLogger>): Promise<void> {
  const downloads = await DownloadManager.open({ settings, sources, logger, resumeQueue: false });
  const bar = progressBar();
  let id: string | undefined;
  const onSignal = () => {
    // Cancel keeps the .part, so running the same pull again resumes it.
    if (id) void downloads.cancel(id).then(() => downloads.dispose()).then(() => process.exit(130));
    else process.exit(130);
  };
  process.once('SIGINT', onSignal);
  try {
    const record = await downloads.start(ref);
    id = record.id;
    downloads.on('progress', (r) => r.id === id && bar.update(r));
    bar.update(record);
    const done = await downloads.whenDone(record.id);
    bar.done(done);
    console.log(`Pulled ${done.modelId} into ${settings.get().modelsDir}.`);
  } finally {
    process.off('SIGINT', onSignal);
    await downloads.dispose();
  }
}

/** A one-line bar redrawn in place on a terminal; a line per 10% elsewhere, so logs stay readable. */
function progressBar() {
  const tty = process.stdout.isTTY === true;
  let lastDecile = -1;
  const line = (r: DownloadRecord) => {
    const fraction = r.totalBytes ? r.receivedBytes / r.totalBytes : 0;
    const width = 30;
    const filled = Math.round(fraction * width);
    const size = r.totalBytes ? `${formatBytes(r.receivedBytes)}/${formatBytes(r.totalBytes)}` : formatBytes(r.receivedBytes);
    const speed = r.bytesPerSecond > 0 ? `  ${formatBytes(r.bytesPerSecond)}/s` : '';
    const eta = r.etaSeconds !== null && r.state === 'downloading' ? `  ETA ${formatDuration(r.etaSeconds)}` : '';
    return `${r.modelId} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%  ${size}${speed}${eta}  ${r.state}`;
  };
  return {
    update(r: DownloadRecord) {
      if (tty) process.stdout.write(`\r${line(r)}\x1b[K`);
      else {
        const decile = r.totalBytes ? Math.floor((r.receivedBytes / r.totalBytes) * 10) : 0;
        if (decile !== lastDecile) console.log(line(r));
        lastDecile = decile;
      }
    },
    done(r: DownloadRecord) {
      if (tty) process.stdout.write(`\r${line(r)}\x1b[K\n`);
      else console.log(line(r));
    },
  };
}

function formatDuration(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, '0')}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, '0')}m`;
}

/** Whole thousands in the CLI's columns (292K), where the UI shows one decimal. */
function formatCount(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}M`;
  return `${(n / 1e3).toFixed(0)}K`;
}
