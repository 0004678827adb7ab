import { stat } from 'node:fs/promises';
import { InsufficientMemoryError, type Llama, type LlamaModel } from 'node-llama-cpp';
import type { ModelState } from '../../common/models.js';
import { EngineBusyError, HearthError, ModelNotFoundError, UnreadableModelError } from '../../common/errors.js';
import { toIdleSeconds } from '../../common/settings.js';
import type { SettingsStore } from '../config/SettingsStore.js';
import type { Logger } from '../log.js';
import type { ModelRegistry, ModelFile } from './ModelRegistry.js';
import { LoadedModel, type ResolvedLoadOptions } from './LoadedModel.js';
import type { ThreadTuner } from './ThreadTuner.js';

/** The context per slot when a model's contextSize is 'auto' or unset: its trained size, at most this. */
export const defaultContextSize = 4096;
const defaultParallelSlots = 4;
const defaultIdleTtlSeconds = 600;

/**
 * The one place that decides what is loaded, as Ollama's sched.go: JIT loads on
 * first use, one load step at a time under a lock, eviction of the least
 * recently used idle model when the limit is reached, and unloading after the
 * idle TTL (or a request's keep-alive).
 */
export class Scheduler {
  private readonly loaded = new Map<string, LoadedModel>();
  private readonly pending = new Map<string, Promise<LoadedModel>>();
  private readonly states = new Map<string, { state: ModelState; error?: string; progress?: number }>();
  /** When load progress was last announced, per model: llama.cpp reports it hundreds of times a load. */
  private readonly progressAnnouncedAt = new Map<string, number>();
  private readonly uses = new Map<string, number>();
  private readonly idleWaiters = new Map<string, Array<() => void>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private loadLock: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly llama: Llama,
    private readonly registry: ModelRegistry,
    private readonly settings: SettingsStore,
    private readonly tuner: ThreadTuner,
    private readonly logger: Logger,
    private readonly onChange: () => void,
    /** A loaded model was unloaded to make room under maxLoadedModels for `forId`. */
    private readonly onEvict: (id: string, forId: string) => void = () => {},
  ) {}

  get(id: string): LoadedModel | undefined {
    return this.loaded.get(id);
  }

  stateOf(id: string): { state: ModelState; error?: string; progress?: number } {
    return this.states.get(id) ?? { state: 'unloaded' };
  }

  activeUses(id: string): number {
    return this.uses.get(id) ?? 0;
  }

  /**
   * Runs `work` with the model loaded, keeping it loaded meanwhile. Afterwards the
   * model expires after `keepAliveSeconds` (0: at once, negative: never), else
   * after its idle TTL setting.
   */
  async use<T>(id: string, work: (model: LoadedModel, loadMs: number) => Promise<T>, keepAliveSeconds?: number): Promise<T> {
    const started = performance.now();
    this.uses.set(id, this.activeUses(id) + 1);
    this.clearTimer(id);
    try {
      const model = await this.ensureLoaded(id);
      const loadMs = model.loadedAt < started ? 0 : performance.now() - started;
      return await work(model, loadMs);
    } finally {
      const left = this.activeUses(id) - 1;
      this.uses.set(id, left);
      if (left === 0) {
        for (const wake of this.idleWaiters.get(id)?.splice(0) ?? []) wake();
        this.scheduleExpiry(id, keepAliveSeconds);
      }
    }
  }

  async load(id: string, keepAliveSeconds?: number): Promise<LoadedModel> {
    return this.use(id, async (model) => model, keepAliveSeconds);
  }

  /** Unloads once the requests running on the model finish; queued ones are refused. */
  async unload(id: string): Promise<void> {
    const pending = this.pending.get(id);
    if (pending) await pending.catch(() => {});
    const model = this.loaded.get(id);
    if (!model) return;
    this.clearTimer(id);
    this.setState(id, 'unloading');
    model.slots.rejectWaiters(new EngineBusyError(`The model '${id}' is being unloaded.`, 1));
    if (this.activeUses(id) > 0) await new Promise<void>((resolve) => this.idleWaiters.set(id, [...(this.idleWaiters.get(id) ?? []), resolve]));
    if (this.loaded.get(id) !== model) return;
    this.loaded.delete(id);
    await this.underLock(() => model.dispose());
    this.states.delete(id);
    this.logger.info({ model: id }, 'unloaded');
    this.onChange();
  }

  async dispose(): Promise<void> {
    for (const id of this.timers.keys()) this.clearTimer(id);
    await Promise.allSettled([...this.pending.values()]);
    await Promise.allSettled([...this.loaded.values()].map((model) => model.dispose()));
    this.loaded.clear();
  }

  private ensureLoaded(id: string): Promise<LoadedModel> {
    const loaded = this.loaded.get(id);
    if (loaded && this.stateOf(id).state === 'loaded') return Promise.resolve(loaded);
    let pending = this.pending.get(id);
    if (!pending) {
      pending = this.underLock(() => this.loadNow(id)).finally(() => this.pending.delete(id));
      this.pending.set(id, pending);
    }
    return pending;
  }

  private async loadNow(id: string): Promise<LoadedModel> {
    const existing = this.loaded.get(id);
    if (existing) return existing;
    const file = await this.registry.find(id);
    this.setState(id, 'loading');
    const started = performance.now();
    try {
      await this.evictIfNeeded(id);
      const model = await this.createLoadedModel(file);
      this.loaded.set(id, model);
      this.setState(id, 'loaded');
      this.logger.info({ model: id, ms: Math.round(performance.now() - started), ...model.options }, 'loaded');
      return model;
    } catch (error) {
      // The listing shows an unusable file's reason as it shows an unreadable header's.
      const message = error instanceof UnreadableModelError ? error.reason : error instanceof Error ? error.message : String(error);
      this.setState(id, 'error', message);
      // An unusable file is the file's fault, answered 422; the rest are the server's.
      if (error instanceof UnreadableModelError) this.logger.warn({ model: id, reason: error.reason }, 'model file refused');
      else this.logger.error({ model: id, err: error }, 'load failed');
      if (error instanceof HearthError) throw error;
      throw new HearthError(500, 'server_error', `The model '${id}' could not be loaded: ${message}`, { cause: error });
    }
  }

  private async createLoadedModel(file: ModelFile): Promise<LoadedModel> {
    const settings = this.settings.get();
    const wanted = { ...settings.modelDefaults, ...settings.models[file.id] };
    let llamaModel: LlamaModel;
    try {
      llamaModel = await this.llama.loadModel({
        modelPath: file.path,
        gpuLayers: wanted.gpuLayers ?? 'auto',
        onLoadProgress: (progress) => this.reportLoadProgress(file.id, progress),
      });
    } catch (error) {
      if (error instanceof InsufficientMemoryError) throw error;
      // Deleted since the registry found it (a delete beside this request): gone, not broken.
      if ((await stat(file.path).catch(() => null)) === null) throw new ModelNotFoundError(file.id);
      // The header passed Hearth's reader, but llama.cpp refused the file (a tensor missing or of the wrong
      // shape, an architecture this llama.cpp doesn't know): the file is unusable, as for an unreadable header
      // (422), not a fault of the server.
      throw new UnreadableModelError(file.id, `unreadable model file: llama.cpp could not load it (${error instanceof Error ? error.message : String(error)})`);
    }
    try {
      const threads = wanted.threads === undefined || wanted.threads === 'auto' ? await this.tuner.threadsFor(llamaModel, file) : wanted.threads;
      const contextSize = wanted.contextSize === undefined || wanted.contextSize === 'auto' ? Math.min(llamaModel.trainContextSize, defaultContextSize) : wanted.contextSize;
      const options: ResolvedLoadOptions = {
        contextSize,
        gpuLayers: llamaModel.gpuLayers,
        threads,
        batchSize: wanted.batchSize,
        parallelSlots: wanted.parallelSlots ?? defaultParallelSlots,
        // Off made batched decoding of concurrent streams ~20% slower on CPU (docs/BENCHMARKS.md).
        flashAttention: wanted.flashAttention ?? 'auto',
        idleTtlSeconds: wanted.idleTtlSeconds ?? defaultIdleTtlSeconds,
      };
      const context = await llamaModel.createContext({
        contextSize: options.contextSize,
        sequences: options.parallelSlots,
        threads: options.threads,
        batchSize: options.batchSize,
        flashAttention: options.flashAttention,
      });
      return new LoadedModel(file, llamaModel, context, options, () => this.settings.get().queueSize, () => {}, this.logger);
    } catch (error) {
      await llamaModel.dispose();
      throw error;
    }
  }

  /**
   * Records how far a load has got and announces it at most every 200 ms. The weights are most of a load;
   * the context that follows is quick, so progress stops short of 1 until the model is loaded.
   */
  private reportLoadProgress(id: string, progress: number): void {
    const current = this.states.get(id);
    if (current?.state !== 'loading') return;
    current.progress = Math.min(0.99, Math.max(current.progress ?? 0, progress));
    const now = performance.now();
    if (now - (this.progressAnnouncedAt.get(id) ?? -Infinity) < 200) return;
    this.progressAnnouncedAt.set(id, now);
    this.onChange();
  }

  /** Makes room under maxLoadedModels for `forId` by unloading the least recently used idle model. */
  private async evictIfNeeded(forId: string): Promise<void> {
    const limit = this.settings.get().maxLoadedModels;
    while (this.loaded.size >= limit) {
      const idle = [...this.loaded.values()].filter((m) => this.activeUses(m.id) === 0).sort((a, b) => a.lastUsedAt - b.lastUsedAt)[0];
      if (!idle) return; // all busy: load anyway rather than fail a request
      this.logger.info({ model: idle.id }, 'evicting least recently used model');
      this.clearTimer(idle.id);
      this.loaded.delete(idle.id);
      this.states.delete(idle.id);
      await idle.dispose();
      this.onEvict(idle.id, forId);
      this.onChange();
    }
  }

  private scheduleExpiry(id: string, keepAliveSeconds?: number): void {
    const model = this.loaded.get(id);
    if (!model) return;
    // The one place the timer is set, so every caller's value is clamped here: past 2^31−1 ms setTimeout fires at once.
    const seconds = toIdleSeconds(keepAliveSeconds ?? model.options.idleTtlSeconds);
    this.clearTimer(id);
    if (seconds < 0) {
      model.expiresAt = null;
      return;
    }
    model.expiresAt = Date.now() + seconds * 1000;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      if (this.activeUses(id) === 0) void this.unload(id).catch((error) => this.logger.error({ err: error, model: id }, 'unload failed'));
    }, seconds * 1000);
    timer.unref();
    this.timers.set(id, timer);
    this.onChange();
  }

  private clearTimer(id: string): void {
    const timer = this.timers.get(id);
    if (timer) clearTimeout(timer);
    this.timers.delete(id);
    const model = this.loaded.get(id);
    if (model) model.expiresAt = null;
  }

  private setState(id: string, state: ModelState, error?: string): void {
    this.states.set(id, state === 'loading' ? { state, progress: 0 } : { state, error });
    this.progressAnnouncedAt.delete(id);
    this.onChange();
  }

  private underLock<T>(step: () => Promise<T>): Promise<T> {
    const run = this.loadLock.then(step, step);
    this.loadLock = run.catch(() => {});
    return run;
  }
}
