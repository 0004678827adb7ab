import { EventEmitter } from 'node:events';
import type { Llama } from 'node-llama-cpp';
import type { EngineHardware, ModelInfo } from '../../common/models.js';
import { mapLimited } from '../util/mapLimited.js';
import type { ModelLoadSettings } from '../../common/settings.js';
import { InvalidRequestError, ModelNotFoundError, NotSupportedError, UnreadableModelError } from '../../common/errors.js';
import type { SettingsStore } from '../config/SettingsStore.js';
import type { Logger } from '../log.js';
import { loadLlama, threadPoolOf } from './loadLlama.js';
import { ModelRegistry, type ModelFile } from './ModelRegistry.js';
import { Scheduler } from './Scheduler.js';
import { ThreadTuner } from './ThreadTuner.js';
import { toChatHistory } from './chatHistory.js';
import { renderPrompt, runChat, type GenerationCounters } from './runChat.js';
import { runCompletion } from './runCompletion.js';
import { runEmbedding } from './runEmbedding.js';
import { toFunctions } from './toolGrammar.js';
import type { ChatMessage, ChatRequest, CompletionRequest, EmbedRequest, EmbedResult, GenerationResult, TokenizeResult, ToolDefinition } from './types.js';

/**
 * Models another engine serves (remote bindings, main/bindings): the engine lists them beside its own and
 * hands their requests over, so every API family serves them through the same methods. Local models win a
 * name both have.
 */
export interface RemoteModels {
  listModels(): ModelInfo[];
  /** The served name a client's name refers to, or null when no binding serves it. */
  resolve(name: string): string | null;
  getModel(name: string): ModelInfo;
  chat(request: ChatRequest): Promise<GenerationResult>;
  complete(request: CompletionRequest): Promise<GenerationResult>;
  embed(request: EmbedRequest): Promise<EmbedResult>;
}

export interface EngineOptions {
  settings: SettingsStore;
  logger: Logger;
}

/**
 * Serves chat, completion, embedding and tokenization on local GGUF models.
 * Every API family calls these methods; node-llama-cpp is used nowhere else.
 */
export class Engine extends EventEmitter<{ change: []; evict: [{ id: string; for: string }] }> {
  /** Monotonic counters for statistics and tests. */
  readonly counters: GenerationCounters = { generatedTokens: 0 };
  private readonly registry: ModelRegistry;
  private readonly scheduler: Scheduler;
  /** Start-up loads still running (see warmUp); the engine is not ready until they are done. */
  private warming = 0;
  private disposing = false;
  private remote: RemoteModels | null = null;

  private constructor(
    private readonly llama: Llama,
    private readonly settings: SettingsStore,
    private readonly logger: Logger,
  ) {
    super();
    this.registry = new ModelRegistry(() => settings.get().modelsDir);
    const tuner = new ThreadTuner(settings.get().dataDir, threadPoolOf(llama), logger);
    this.scheduler = new Scheduler(
      llama,
      this.registry,
      settings,
      tuner,
      logger,
      () => this.emit('change'),
      (id, forId) => this.emit('evict', { id, for: forId }),
    );
  }

  static async create(options: EngineOptions): Promise<Engine> {
    const llama = await loadLlama(options.settings.get(), options.logger);
    return new Engine(llama, options.settings, options.logger);
  }

  /**
   * The llama.cpp binding the engine loads models with, for estimates that must see the same GPU and
   * memory (the model library's fit answers); without it node-llama-cpp would assume no GPU at all.
   */
  binding(): Llama {
    return this.llama;
  }

  /** Whether the engine serves requests now: what GET /ready reports to supervisors and load balancers. */
  readiness(): 'ready' | 'starting' | 'stopping' {
    if (this.disposing || this.llama.disposed) return 'stopping';
    return this.warming > 0 ? 'starting' : 'ready';
  }

  /**
   * Loads the models a server starts with (`--model`), in the background: until they are loaded (or
   * failed, which is logged) the engine reports 'starting', so a supervisor waits before sending traffic.
   */
  warmUp(ids: readonly string[]): Promise<void> {
    return Promise.all(
      ids.map(async (id) => {
        this.warming++;
        try {
          await this.load(id);
        } catch (error) {
          this.logger.error({ err: error, model: id }, 'start-up load failed');
        } finally {
          this.warming--;
        }
      }),
    ).then(() => undefined);
  }

  /** Serves the remote bindings' models through this engine's methods (see RemoteModels). */
  attachRemote(remote: RemoteModels): void {
    this.remote = remote;
  }

  /** Every model on disk, loaded or not, then the remote bindings' models no local one shadows. */
  async listModels(): Promise<ModelInfo[]> {
    const files = await this.registry.list();
    // A few at a time: a first listing of hundreds of models reads as many headers, each with its own buffers.
    const local = await mapLimited(files, 8, (file) => this.describe(file));
    const taken = new Set(local.map((m) => m.id));
    return [...local, ...(this.remote?.listModels().filter((m) => !taken.has(m.id)) ?? [])];
  }

  /** The served name when `name` is a remote binding's model and no local model answers to it; else null. */
  private async remoteName(name: string): Promise<string | null> {
    // Remote names first: without bindings (or for a name none serves) this costs no look at the disk.
    const served = this.remote?.resolve(name) ?? null;
    if (served === null) return null;
    try {
      await this.resolveLocal(name);
      return null;
    } catch (error) {
      if (!(error instanceof ModelNotFoundError)) throw error;
      return served;
    }
  }

  private notRemote(name: string, what: string): NotSupportedError {
    return new NotSupportedError(`'${name}' is served by a remote binding, which can't ${what}; this works on local models only.`, { code: 'remote_model_unsupported', param: 'model' });
  }

  /** The GPU backend, its devices and VRAM as llama.cpp reports them (null on the CPU), the thread cap and pool. */
  async hardware(): Promise<EngineHardware> {
    const maxThreads = this.llama.maxThreads;
    const threadPool = threadPoolOf(this.llama);
    if (this.llama.gpu === false) return { maxThreads, threadPool, gpu: null };
    const [devices, vram] = await Promise.all([this.llama.getGpuDeviceNames(), this.llama.getVramState()]);
    return { maxThreads, threadPool, gpu: { backend: this.llama.gpu, devices, vramTotalBytes: vram.total, vramUsedBytes: vram.used, vramFreeBytes: vram.free } };
  }

  /**
   * How far a model's load has got, 0 to 1, while it loads (else undefined): what the listing's loadProgress
   * says, read without the disk, for a 'change' listener that must see it before the load moves on.
   */
  loadProgress(id: string): number | undefined {
    const scheduled = this.scheduler.stateOf(id);
    return scheduled.state === 'loading' ? (scheduled.progress ?? 0) : undefined;
  }

  /** One model as listed: a model whose header is unreadable is described (state 'error'), not refused. */
  async getModel(name: string): Promise<ModelInfo> {
    const remote = await this.remoteName(name);
    if (remote !== null) return this.remote!.getModel(remote);
    const id = await this.resolveId(name);
    const file = await this.registry.lookup(id);
    if (!file) throw new ModelNotFoundError(id);
    return this.describe(file);
  }

  /**
   * The model id a client's name refers to: an id, an alias from the model's
   * settings, or Ollama's `name:latest` form.
   */
  async resolveId(name: string): Promise<string> {
    try {
      return await this.resolveLocal(name);
    } catch (error) {
      const remote = error instanceof ModelNotFoundError ? this.remote?.resolve(name) : null;
      if (remote) return remote;
      throw error;
    }
  }

  private async resolveLocal(name: string): Promise<string> {
    const files = await this.registry.list();
    if (files.some((f) => f.id === name)) return name;
    const aliased = Object.entries(this.settings.get().models).find(([, s]) => s.aliases?.includes(name));
    if (aliased && files.some((f) => f.id === aliased[0])) return aliased[0];
    if (name.endsWith(':latest')) return this.resolveLocal(name.slice(0, -':latest'.length));
    throw new ModelNotFoundError(name);
  }

  async load(name: string, options: { keepAliveSeconds?: number } = {}): Promise<ModelInfo> {
    // A remote model is always ready from here: loading it is a no-op, as Ollama's load request expects.
    const remote = await this.remoteName(name);
    if (remote !== null) return this.remote!.getModel(remote);
    const id = await this.resolveId(name);
    await this.scheduler.load(id, options.keepAliveSeconds);
    return this.getModel(id);
  }

  async unload(name: string): Promise<void> {
    if ((await this.remoteName(name)) !== null) throw this.notRemote(name, 'be unloaded from Hearth');
    await this.scheduler.unload(await this.resolveId(name));
  }

  async chat(request: ChatRequest): Promise<GenerationResult> {
    if (request.messages.length === 0) throw new InvalidRequestError('messages must hold at least one message.', { param: 'messages' });
    const remote = await this.remoteName(request.model);
    if (remote !== null) return this.remote!.chat({ ...request, model: remote });
    const id = await this.resolveId(request.model);
    return this.scheduler.use(id, (loaded, loadMs) => runChat(this.llama, loaded, request, this.modelSettings(id), loadMs, this.counters), request.keepAliveSeconds);
  }

  async complete(request: CompletionRequest): Promise<GenerationResult> {
    const remote = await this.remoteName(request.model);
    if (remote !== null) return this.remote!.complete({ ...request, model: remote });
    const id = await this.resolveId(request.model);
    return this.scheduler.use(id, (loaded, loadMs) => runCompletion(this.llama, loaded, request, this.modelSettings(id), loadMs, this.counters), request.keepAliveSeconds);
  }

  async embed(request: EmbedRequest): Promise<EmbedResult> {
    const remote = await this.remoteName(request.model);
    if (remote !== null) return this.remote!.embed({ ...request, model: remote });
    const id = await this.resolveId(request.model);
    return this.scheduler.use(id, (loaded, loadMs) => runEmbedding(loaded, request, loadMs), request.keepAliveSeconds);
  }

  async tokenize(name: string, text: string): Promise<TokenizeResult> {
    if ((await this.remoteName(name)) !== null) throw this.notRemote(name, 'tokenize text');
    const id = await this.resolveId(name);
    return this.scheduler.use(id, async (loaded) => ({ model: id, tokens: [...loaded.model.tokenize(text)] }));
  }

  /**
   * Tokens a chat request with these messages (and tools offered as `tool_choice: "auto"` offers them)
   * evaluates before its reply: the messages rendered through the model's chat template, as chat()
   * renders them. For callers that plan prompts to fit the context, and token-counting routes.
   */
  async chatPromptTokens(name: string, messages: ChatMessage[], tools: ToolDefinition[] = []): Promise<number> {
    if ((await this.remoteName(name)) !== null) throw this.notRemote(name, 'count prompt tokens');
    const id = await this.resolveId(name);
    const history = toChatHistory(messages, this.modelSettings(id).systemPrompt);
    const functions = tools.length > 0 ? toFunctions(tools) : undefined;
    return this.scheduler.use(id, async (loaded) => renderPrompt(loaded, history, functions).length);
  }

  async detokenize(name: string, tokens: number[]): Promise<{ model: string; text: string }> {
    if ((await this.remoteName(name)) !== null) throw this.notRemote(name, 'detokenize');
    const id = await this.resolveId(name);
    return this.scheduler.use(id, async (loaded) => {
      // llama.cpp aborts the process on a token id outside the vocabulary, so check before detokenizing.
      const vocabulary = loaded.vocabularySize;
      const bad = tokens.find((t) => !Number.isInteger(t) || t < 0 || t >= vocabulary);
      if (bad !== undefined) throw new InvalidRequestError(`Token ${bad} is not in this model's vocabulary.`, { param: 'tokens' });
      return { model: id, text: loaded.model.detokenize(tokens as never) };
    });
  }

  async dispose(): Promise<void> {
    this.disposing = true;
    await this.scheduler.dispose();
    await this.llama.dispose();
  }

  private modelSettings(id: string): ModelLoadSettings {
    const settings = this.settings.get();
    const own = settings.models[id] ?? {};
    return { ...settings.modelDefaults, ...own, sampling: { ...settings.modelDefaults.sampling, ...own.sampling } };
  }

  private async describe(file: ModelFile): Promise<ModelInfo> {
    const scheduled = this.scheduler.stateOf(file.id);
    const loaded = this.scheduler.get(file.id);
    // A broken file is listed with its reason rather than hidden (the read failure is cached, so this is cheap).
    let unreadable: string | undefined;
    const metadata = await this.registry.metadata(file).catch((err: Error) => {
      unreadable = err instanceof UnreadableModelError ? err.reason : `unreadable model file: ${err.message}`;
      return {};
    });
    const state = unreadable !== undefined && scheduled.state === 'unloaded' ? 'error' : scheduled.state;
    return {
      id: file.id,
      aliases: this.settings.get().models[file.id]?.aliases ?? [],
      file: file.path,
      sizeBytes: file.sizeBytes,
      modifiedAt: file.modifiedAt,
      state,
      error: scheduled.error ?? unreadable,
      ...(state === 'loading' && { loadProgress: this.loadProgress(file.id) }),
      ...metadata,
      loaded:
        loaded && state === 'loaded'
          ? {
              contextSize: loaded.contextSize,
              parallelSlots: loaded.options.parallelSlots,
              threads: loaded.options.threads,
              gpuLayers: loaded.model.gpuLayers,
              expiresAt: loaded.expiresAt,
              activeRequests: loaded.slots.active,
              queuedRequests: loaded.slots.queued,
              sizeBytes: loaded.model.size,
              vramBytes: loaded.vramBytes,
            }
          : undefined,
    };
  }
}
