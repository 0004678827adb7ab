import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { AbortedError, HearthError, InvalidRequestError } from '../../common/errors.js';
import { InsufficientDiskSpaceError, type DownloadFile, type DownloadRecord } from '../../common/downloads.js';
import type { SettingsStore } from '../config/SettingsStore.js';
import type { Logger } from '../log.js';
import type { ModelSources } from '../library/ModelSources.js';
import { folderCatalogs } from '../library/folderCatalogs.js';
import type { FolderCatalog } from './folderCatalog.js';
import { completeFolder, discardStaging, downloadPaths, folderState, makeStagingDir, stagingDir } from './folderStaging.js';
import { HfClient } from './HfClient.js';
import { isFinished, readQueue, writeQueue } from './downloadQueueFile.js';
import { pathInModelsDir } from './modelFileName.js';
import { partSize } from './partFile.js';
import { isPartLocked, lockPart, type PartLock } from './partLock.js';
import { planDownload, type DownloadPlan } from './planDownload.js';
import { ProgressRate } from './progressRate.js';
import { resumableGet } from './resumableGet.js';
import type { FetchPolicy } from './safeFetch.js';
import { verifyDownloadedFile } from './verifyFile.js';
import { DiskSpaceGuard, marginOf, readDiskSpace } from './diskSpace.js';
import { mapLimited } from '../util/mapLimited.js';

/** A folder model's files fetched at once (the hub's own clients use a handful of connections too). */
const folderFileConcurrency = 4;

export interface DownloadManagerOptions {
  settings: SettingsStore;
  logger: Logger;
  sources: ModelSources;
  /** First retry delay after a dropped connection, ms; default 500. */
  retryDelayMs?: number;
  /** Least time between progress events of one download, ms; default 200. */
  progressIntervalMs?: number;
  /**
   * Resume the saved queue on open (default true). The CLI's `models pull` passes false: it pulls what
   * it was asked for, not every download the app left queued in the same data dir.
   */
  resumeQueue?: boolean;
  /**
   * Free space downloads leave on the models disk, in bytes; default 1 GiB or 5% of the disk, whichever is
   * larger. A known size that doesn't fit is refused before the first byte;
   * a download whose size nobody announced stops when it reaches the margin.
   */
  diskMarginBytes?: number;
  /** The folder models pulled by reference (`whisper:<id>`); default: Hearth's catalogs (main/library/folderCatalogs.ts). */
  folderCatalogs?: readonly FolderCatalog[];
}

interface Running {
  controller: AbortController;
  finished: Promise<void>;
}

/**
 * Downloads models into the models dir: a queue saved in the data dir, at most
 * maxConcurrentDownloads at once, resumed after drops and restarts, verified
 * before a file gets its final name. Emits `progress` with a snapshot whenever
 * a download moves or changes state.
 */
export class DownloadManager extends EventEmitter<{ progress: [DownloadRecord] }> {
  readonly hub: HfClient;
  readonly folderCatalogs: readonly FolderCatalog[];
  private readonly records = new Map<string, DownloadRecord>();
  private readonly running = new Map<string, Running>();
  private readonly waiters = new Map<string, Array<(record: DownloadRecord) => void>>();
  private readonly rates = new Map<string, ProgressRate>();
  private readonly lastEmit = new Map<string, number>();
  private saving: Promise<void> = Promise.resolve();
  private nextSave: Promise<void> | null = null;
  private disposed = false;
  /** Unfinished saved downloads this manager leaves alone (resumeQueue: false) until asked for one. */
  private readonly held = new Set<string>();
  /** Downloads that waited on another process's lock, so that is logged once. */
  private readonly waiting = new Set<string>();

  private constructor(private readonly options: DownloadManagerOptions) {
    super();
    this.hub = new HfClient(() => this.policy());
    this.folderCatalogs = options.folderCatalogs ?? folderCatalogs;
    options.settings.on('change', () => this.pump());
  }

  /** Opens the saved queue and resumes what was queued or running when the app stopped. */
  static async open(options: DownloadManagerOptions): Promise<DownloadManager> {
    const manager = new DownloadManager(options);
    for (const record of await readQueue(options.settings.get().dataDir)) {
      if (!isFinished(record)) {
        record.state = 'queued';
        if (options.resumeQueue === false) manager.held.add(record.id);
      }
      record.bytesPerSecond = 0;
      record.etaSeconds = null;
      manager.records.set(record.id, record);
    }
    manager.pump();
    return manager;
  }

  policy(): FetchPolicy {
    const { hfEndpoint, hfToken } = this.options.settings.get();
    return { hfEndpoint, hfToken };
  }

  list(): DownloadRecord[] {
    return [...this.records.values()].map(snapshot);
  }

  get(id: string): DownloadRecord | undefined {
    const record = this.records.get(id);
    return record && snapshot(record);
  }

  /**
   * Resolves a reference and queues its files; returns at once with the record.
   * Pulling what is already downloading returns that download; pulling what is
   * already on disk returns a completed record.
   */
  async start(ref: string, signal?: AbortSignal): Promise<DownloadRecord> {
    if (this.disposed) throw new AbortedError('Downloads are shutting down.');
    const plan = await planDownload(ref, this.hub, this.policy(), this.folderCatalogs, signal);
    const { modelsDir } = this.options.settings.get();
    for (const file of plan.files) await downloadPaths(modelsDir, plan.folder?.name, file.fileName);
    const installed = plan.folder ? await folderState(modelsDir, plan.folder.name, plan.folder.isModel) : 'absent';
    if (installed === 'occupied') {
      throw new InvalidRequestError(`The models folder already has a '${plan.folder!.name}' that is not a complete model; remove it and download again.`, { param: 'ref' });
    }

    const names = new Set(plan.files.map((f) => f.fileName));
    const writesSame = (r: DownloadRecord) => (plan.folder ? r.folder === plan.folder.name : r.folder === undefined && r.files.some((f) => names.has(f.fileName)));
    const active = [...this.records.values()].find((r) => !isFinished(r) && writesSame(r));
    if (active) {
      if (active.modelId === plan.modelId) {
        // Asked for again: a held download from the saved queue runs now.
        if (this.held.delete(active.id)) this.pump();
        return snapshot(active);
      }
      throw new InvalidRequestError(`Another download (${active.ref}) is writing ${active.modelId}.`, { param: 'ref' });
    }
    const record = await this.newRecord(ref, plan, installed === 'installed');
    this.records.set(record.id, record);
    if (record.state === 'queued') await this.checkDiskSpace(record);
    await this.save();
    this.emitProgress(record, true);
    this.pump();
    return snapshot(record);
  }

  /**
   * Resolves when the download completes; rejects with its error when it fails
   * or is cancelled. The Ollama pull route waits on this.
   */
  whenDone(id: string): Promise<DownloadRecord> {
    const record = this.records.get(id);
    if (!record) return Promise.reject(new HearthError(404, 'not_found_error', `No download '${id}'.`, { code: 'download_not_found' }));
    return new Promise((resolve, reject) => {
      const settle = (r: DownloadRecord) => {
        if (r.state === 'completed') resolve(snapshot(r));
        else reject(new HearthError(r.state === 'cancelled' ? 499 : 422, 'invalid_request_error', r.error?.message ?? `Download ${r.state}.`, { code: r.error?.code ?? r.state }));
      };
      if (isFinished(record)) return settle(record);
      this.waiters.set(id, [...(this.waiters.get(id) ?? []), settle]);
    });
  }

  /**
   * Stops a download. The .part files stay so pulling the same model again
   * resumes where this one stopped, unless discard is set.
   */
  async cancel(id: string, options: { discard?: boolean } = {}): Promise<DownloadRecord> {
    const record = this.records.get(id);
    if (!record) throw new HearthError(404, 'not_found_error', `No download '${id}'.`, { code: 'download_not_found' });
    if (!isFinished(record)) {
      record.error = { code: 'cancelled', message: 'The download was cancelled.' };
      this.setState(record, 'cancelled');
      const running = this.running.get(id);
      running?.controller.abort(new AbortedError('The download was cancelled.'));
      await running?.finished;
    }
    if (options.discard && record.state !== 'completed') {
      const { modelsDir } = this.options.settings.get();
      // Another process may be writing them; its bytes are not this download's to discard.
      if (record.folder !== undefined) {
        if (!(await isPartLocked(await stagingDir(modelsDir, record.folder)))) await discardStaging(modelsDir, record.folder);
      } else {
        for (const file of record.files) {
          const { part } = await downloadPaths(modelsDir, undefined, file.fileName);
          if (!(await isPartLocked(part))) await unlink(part).catch(() => {});
        }
      }
    }
    await this.save();
    return snapshot(record);
  }

  /** Stops running downloads and saves them as queued, so the next start resumes them. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const running = [...this.running.values()];
    for (const r of running) r.controller.abort(new AbortedError('Hearth is stopping.'));
    await Promise.all(running.map((r) => r.finished));
    await this.save();
  }

  /** `installed`: a folder model whose folder is already complete. */
  private async newRecord(ref: string, plan: DownloadPlan, installed: boolean): Promise<DownloadRecord> {
    const { modelsDir } = this.options.settings.get();
    // A cancelled or failed pull of the same files left a .part; reuse its validator so If-Range can resume it.
    const previous = [...this.records.values()].reverse();
    const files = await Promise.all(
      plan.files.map(async (f) => {
        const { target, part } = await downloadPaths(modelsDir, plan.folder?.name, f.fileName);
        const done = installed || (await exists(target));
        const old = previous.flatMap((r) => r.files).find((o) => o.fileName === f.fileName && o.url === f.url);
        return { ...f, receivedBytes: done ? (f.sizeBytes ?? 0) : await partSize(part), validator: old?.validator ?? null, done };
      }),
    );
    const now = Date.now();
    const allDone = files.every((f) => f.done);
    const record: DownloadRecord = {
      id: `dl_${randomBytes(8).toString('hex')}`,
      ref,
      modelId: plan.modelId,
      ...(plan.folder ? { folder: plan.folder.name } : {}),
      state: allDone ? 'completed' : 'queued',
      files,
      totalBytes: files.every((f) => f.sizeBytes !== null) ? files.reduce((s, f) => s + f.sizeBytes!, 0) : null,
      receivedBytes: 0,
      bytesPerSecond: 0,
      etaSeconds: null,
      createdAt: now,
      updatedAt: now,
    };
    record.receivedBytes = files.reduce((s, f) => s + f.receivedBytes, 0);
    return record;
  }

  private pump(): void {
    if (this.disposed) return;
    const limit = this.options.settings.get().maxConcurrentDownloads;
    const queued = [...this.records.values()].filter((r) => r.state === 'queued' && !this.held.has(r.id)).sort((a, b) => a.createdAt - b.createdAt);
    for (const record of queued) {
      if (this.running.size >= limit) break;
      const controller = new AbortController();
      const finished = this.run(record, controller.signal).finally(() => {
        this.running.delete(record.id);
        this.pump();
      });
      this.running.set(record.id, { controller, finished });
    }
  }

  private async run(record: DownloadRecord, signal: AbortSignal): Promise<void> {
    const { modelsDir } = this.options.settings.get();
    const log = this.options.logger.child({ download: record.id, model: record.modelId });
    const rate = new ProgressRate();
    this.rates.set(record.id, rate);
    // Held from the first byte to the rename, in file order, so two processes pulling one split model can't deadlock.
    const locks: PartLock[] = [];
    const releaseLocks = () => Promise.all(locks.map((l) => l.release()));
    try {
      this.setState(record, 'downloading');
      await this.checkDiskSpace(record);
      if (record.folder !== undefined) {
        // One lock for the whole folder, held until it has its final name. Its lock sits beside the staging
        // folder, not inside it, so the rename doesn't carry it into the model.
        const staging = await makeStagingDir(modelsDir, record.folder);
        locks.push(await lockPart(staging, record.folder, signal, () => this.waitedOn(record, rate, log)));
        if (await exists(await pathInModelsDir(modelsDir, record.folder))) {
          // Another process completed it while this one waited.
          for (const file of record.files) Object.assign(file, { done: true, receivedBytes: file.sizeBytes ?? file.receivedBytes });
          this.updateTotals(record, rate);
        }
      }
      // A folder model's files stop together when one fails: the others' requests are cancelled, not left running.
      const batch = new AbortController();
      const fetchOne = async (file: DownloadFile) => {
        const { target, part } = await downloadPaths(modelsDir, record.folder, file.fileName);
        let lost = locks[0]?.lost;
        if (record.folder === undefined) {
          const lock = await lockPart(part, file.fileName, signal, () => this.waitedOn(record, rate, log, file));
          locks.push(lock);
          lost = lock.lost;
        }
        const finished = await stat(target).catch(() => null);
        if (finished) {
          // The other process completed (and verified) it while this one waited.
          Object.assign(file, { done: true, receivedBytes: finished.size, sizeBytes: finished.size });
          this.updateTotals(record, rate);
          return;
        }
        // A folder model's file may sit in a folder of its own (a voice's espeak-ng-data/).
        if (record.folder !== undefined) await mkdir(path.dirname(part), { recursive: true });
        try {
          await this.fetchFile(record, file, part, AbortSignal.any([signal, lost!, batch.signal]), rate, log);
        } catch (error) {
          batch.abort();
          throw error;
        }
      };
      const pending = record.files.filter((file) => !file.done);
      // A GGUF's parts one after another, locked in file order (see above). A folder's files a few at a time: a
      // voice is ~450 small files, and one by one each request's round trip to the hub was most of the time.
      if (record.folder === undefined) for (const file of pending) await fetchOne(file);
      else await mapLimited(pending, folderFileConcurrency, fetchOne);

      const work = AbortSignal.any([signal, ...locks.map((l) => l.lost)]);
      this.setState(record, 'verifying');
      const verified: Array<{ part: string; target: string; sha256: string; url: string; fileName: string }> = [];
      for (const file of record.files) {
        if (file.done) continue;
        const { target, part } = await downloadPaths(modelsDir, record.folder, file.fileName);
        try {
          // A folder model's files are not GGUF (ONNX, tokens); their size and sha256 are what is checked.
          const { sha256 } = await verifyDownloadedFile(part, file, work, { isGguf: record.folder === undefined });
          verified.push({ part, target, sha256, url: file.url, fileName: file.fileName });
        } catch (error) {
          if (!work.aborted) await unlink(part).catch(() => {});
          throw error;
        }
      }
      for (const v of verified) {
        work.throwIfAborted();
        await rename(v.part, v.target);
        // The library's sources describe GGUF files; a folder model is listed by its own kind's code.
        if (record.folder === undefined) await this.options.sources.set(v.fileName, { sha256: v.sha256, ref: record.ref, url: v.url, downloadedAt: Date.now() });
      }
      if (record.folder !== undefined) {
        work.throwIfAborted();
        await completeFolder(modelsDir, record.folder);
      }
      for (const file of record.files) file.done = true;
      record.bytesPerSecond = 0;
      record.etaSeconds = 0;
      this.setState(record, 'completed');
      log.info({ bytes: record.receivedBytes }, 'download complete');
    } catch (error) {
      if (signal.aborted) {
        // Stopped by cancel (state already set) or by dispose: keep it queued for the next start.
        if (record.state !== 'cancelled') record.state = 'queued';
      } else {
        const failure = error instanceof HearthError ? error : null;
        if (!failure) log.error({ err: error }, 'download failed');
        record.error = { code: failure?.code ?? 'download_failed', message: failure?.message ?? `Download failed: ${(error as Error).message}` };
        this.setState(record, 'failed');
      }
    } finally {
      await releaseLocks();
      this.rates.delete(record.id);
      this.waiting.delete(record.id);
      await this.save();
    }
  }

  /** While another Hearth process holds the lock of what this download writes: its progress, shown as this one's. */
  private async waitedOn(record: DownloadRecord, rate: ProgressRate, log: Logger, only?: DownloadFile): Promise<void> {
    const { modelsDir } = this.options.settings.get();
    if (!this.waiting.has(record.id)) log.info({ file: only?.fileName ?? record.folder }, 'another Hearth process is downloading this; waiting for it');
    this.waiting.add(record.id);
    for (const file of only ? [only] : record.files.filter((f) => !f.done)) {
      file.receivedBytes = await partSize((await downloadPaths(modelsDir, record.folder, file.fileName)).part);
    }
    this.updateTotals(record, rate);
    this.emitProgress(record);
  }

  private async fetchFile(record: DownloadRecord, file: DownloadFile, part: string, signal: AbortSignal, rate: ProgressRate, log: Logger): Promise<void> {
    const disk = new DiskSpaceGuard(this.options.settings.get().modelsDir, this.options.diskMarginBytes);
    const { sizeBytes } = await resumableGet({
      url: file.url,
      partFile: part,
      validator: file.validator,
      expectedSize: file.sizeBytes,
      policy: this.policy(),
      signal,
      retryDelayMs: this.options.retryDelayMs,
      beforeWrite: (bytes, position) => disk.reserve(bytes, position),
      onSource: (source) => {
        file.validator = source.validator;
        if (source.sizeBytes !== null) file.sizeBytes = source.sizeBytes;
        // Unknown before (the listing had no LFS oid for it): the hub's word now, not a change.
        if (source.sha256 !== null && file.sha256 === null) file.sha256 = source.sha256;
        else if (source.sha256 !== null && source.sha256 !== file.sha256) {
          // The file changed upstream and comes anew: verify it against what the hub publishes now.
          log.warn({ file: file.fileName, was: file.sha256, now: source.sha256 }, 'file changed upstream; downloading it again');
          file.sha256 = source.sha256;
        }
        void this.save();
      },
      onBytes: (received, total) => {
        file.receivedBytes = received;
        if (file.sizeBytes === null && total !== null) file.sizeBytes = total;
        this.updateTotals(record, rate);
        this.emitProgress(record);
      },
    });
    file.receivedBytes = sizeBytes;
    if (file.sizeBytes === null) file.sizeBytes = sizeBytes;
    this.updateTotals(record, rate);
  }

  private async checkDiskSpace(record: DownloadRecord): Promise<void> {
    const needed = record.files.reduce((sum, f) => sum + (f.done || f.sizeBytes === null ? 0 : Math.max(0, f.sizeBytes - f.receivedBytes)), 0);
    if (needed === 0) return;
    const space = await readDiskSpace(this.options.settings.get().modelsDir);
    const kept = marginOf(this.options.diskMarginBytes, space);
    if (needed + kept > space.freeBytes) {
      const error = new InsufficientDiskSpaceError(needed, space.freeBytes, kept);
      if (record.state === 'queued' && !this.running.has(record.id)) {
        // Refused before it ever ran: the caller gets the error, not a failed entry in the list.
        this.records.delete(record.id);
      }
      throw error;
    }
  }

  private updateTotals(record: DownloadRecord, rate: ProgressRate): void {
    record.receivedBytes = record.files.reduce((s, f) => s + f.receivedBytes, 0);
    if (record.files.every((f) => f.sizeBytes !== null)) record.totalBytes = record.files.reduce((s, f) => s + f.sizeBytes!, 0);
    rate.add(record.receivedBytes);
    record.bytesPerSecond = Math.round(rate.bytesPerSecond);
    record.etaSeconds = record.totalBytes !== null && record.bytesPerSecond > 0 ? Math.ceil((record.totalBytes - record.receivedBytes) / record.bytesPerSecond) : null;
    record.updatedAt = Date.now();
  }

  private setState(record: DownloadRecord, state: DownloadRecord['state']): void {
    record.state = state;
    record.updatedAt = Date.now();
    if (state !== 'failed' && state !== 'cancelled') delete record.error;
    this.emitProgress(record, true);
    if (isFinished(record)) {
      for (const settle of this.waiters.get(record.id) ?? []) settle(record);
      this.waiters.delete(record.id);
    }
  }

  private emitProgress(record: DownloadRecord, force = false): void {
    const now = performance.now();
    if (!force && now - (this.lastEmit.get(record.id) ?? -Infinity) < (this.options.progressIntervalMs ?? 200)) return;
    this.lastEmit.set(record.id, now);
    this.emit('progress', snapshot(record));
  }

  /**
   * Writes the queue file after the write in flight, if any. Calls made meanwhile share that next write, which
   * takes the state as it is when it starts: a folder of hundreds of files asked for a write per file.
   */
  private save(): Promise<void> {
    this.nextSave ??= this.saving
      .then(() => {
        this.nextSave = null;
        return writeQueue(this.options.settings.get().dataDir, [...this.records.values()].map(snapshot));
      })
      .catch((error) => this.options.logger.error({ err: error }, 'could not save the download queue'));
    this.saving = this.nextSave;
    return this.nextSave;
  }
}

function snapshot(record: DownloadRecord): DownloadRecord {
  return structuredClone(record);
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}
