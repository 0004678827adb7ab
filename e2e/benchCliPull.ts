// The CLI's download code (a DownloadManager, as `hearth models pull` runs it) in a process of its own, for
// bench:ui: inside the benchmark's process it shared an event loop and a heap with Playwright, the event feed
// and the earlier parts' 10,000 requests, and ran at a third of the server's rate in one run.
// argv: data dir, models dir, the stand-in's URL. Messages in: {pull: ref}; out: {seconds} or {error}.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { SettingsStore } from '../main/config/SettingsStore.js';
import { DownloadManager } from '../main/downloads/DownloadManager.js';
import { ModelSources } from '../main/library/ModelSources.js';
import { createLogger } from '../main/log.js';

const [dataDir, modelsDir, hfEndpoint] = process.argv.slice(2);
const settings = await SettingsStore.open(dataDir!, modelsDir!, { hfEndpoint });
const sources = await ModelSources.open(dataDir!);
const downloads = await DownloadManager.open({ settings, sources, logger: createLogger('error'), resumeQueue: false });
process.on('message', async (message: { pull: string }) => {
  try {
    const record = await downloads.whenDone((await downloads.start(message.pull)).id);
    if (record.state !== 'completed') throw new Error(`download ${record.state}: ${JSON.stringify(record.error)}`);
    // From queued to completed by the record's timestamps, as the server arms are timed.
    // tmpfs is memory: each file goes once timed.
    for (const file of record.files) await rm(path.join(modelsDir!, file.fileName), { force: true });
    process.send!({ seconds: (record.updatedAt - record.createdAt) / 1000 });
  } catch (error) {
    process.send!({ error: (error as Error).message });
  }
});
process.on('disconnect', () => void downloads.dispose().then(() => process.exit(0)));
process.send!({ ready: true });
