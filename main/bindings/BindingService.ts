import type { BindingHealth, BindingRecord, BindingSummary, BindingTestResult, CreateBindingInput, UpdateBindingInput } from '../../common/bindings.js';
import { servedName } from '../../common/bindings.js';
import { HearthError, ModelNotFoundError, NotSupportedError } from '../../common/errors.js';
import type { ModelInfo } from '../../common/models.js';
import type { Transcriber } from '../audio/transcriber.js';
import type { RemoteModels } from '../engine/Engine.js';
import type { ChatRequest, CompletionRequest, EmbedRequest, EmbedResult, GenerationResult } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { BindingStore } from './BindingStore.js';
import { BindingTranscriber } from './BindingTranscriber.js';
import { upstreamProtocols } from './upstreamClient.js';
import { NoHealthyUpstreamError, UpstreamUnreachableError } from './upstreamErrors.js';
import type { UpstreamCall } from './upstreamFetch.js';

export interface BindingServiceOptions {
  /** How often every enabled binding's model list is fetched to judge its health, in ms; 0 turns checks off. */
  healthIntervalMs?: number;
  logger?: Logger;
}

/** One upstream able to serve a request: the binding, its key and the model's name there. */
export interface UpstreamTarget {
  binding: BindingRecord;
  apiKey: string | null;
  upstreamModel: string;
}

/** Failures that mean "this upstream is not there", after which another may serve the request. */
const failoverCodes = new Set(['upstream_unreachable', 'upstream_timeout']);

/**
 * The remote models of every binding, served through the engine's methods (Engine.attachRemote): listing,
 * least-in-flight balancing between bindings that expose one name, periodic health checks, and failover
 * to the next upstream when one can't be reached before any output was sent.
 */
export class BindingService implements RemoteModels {
  private readonly health = new Map<string, BindingHealth>();
  private timer: NodeJS.Timeout | null = null;
  private readonly logger: Logger | undefined;

  constructor(
    readonly store: BindingStore,
    options: BindingServiceOptions = {},
  ) {
    this.logger = options.logger;
    const interval = options.healthIntervalMs ?? 30_000;
    if (interval > 0) {
      this.timer = setInterval(() => void this.checkAll(), interval);
      this.timer.unref();
      void this.checkAll();
    }
  }

  get keyStorage() {
    return this.store.secrets.kind;
  }

  // --- admin ---------------------------------------------------------------------------------------

  async summaries(): Promise<BindingSummary[]> {
    return Promise.all(this.store.list().map((b) => this.summary(b)));
  }

  async summary(binding: BindingRecord): Promise<BindingSummary> {
    return { ...binding, hasApiKey: await this.store.secrets.has(binding.id), keyStorage: this.keyStorage, health: this.healthOf(binding.id) };
  }

  async create(input: CreateBindingInput): Promise<BindingSummary> {
    const created = await this.store.create(input);
    void this.check(created);
    return this.summary(created);
  }

  async update(id: string, patch: UpdateBindingInput): Promise<BindingSummary> {
    const updated = await this.store.update(id, patch);
    this.health.delete(id);
    void this.check(updated);
    return this.summary(updated);
  }

  async delete(id: string): Promise<void> {
    await this.store.delete(id);
    this.health.delete(id);
  }

  /** Asks the upstream for its model list: reachable, key accepted, what it serves. Never throws. */
  async test(id: string): Promise<BindingTestResult> {
    const binding = this.store.get(id);
    const started = performance.now();
    try {
      const models = await upstreamProtocols[binding.kind].listModels(await this.callFor(binding));
      this.setHealth(id, true, null);
      return { ok: true, latencyMs: Math.round(performance.now() - started), models };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.setHealth(id, false, message);
      return { ok: false, latencyMs: Math.round(performance.now() - started), models: [], error: message };
    }
  }

  // --- what the engine asks ------------------------------------------------------------------------

  /** Every name some enabled binding serves, as the engine lists models. */
  listModels(): ModelInfo[] {
    const byName = new Map<string, BindingRecord[]>();
    for (const binding of this.enabled()) {
      for (const model of binding.models) {
        const name = servedName(model);
        byName.set(name, [...(byName.get(name) ?? []), binding]);
      }
    }
    return [...byName].map(([name, bindings]) => this.describe(name, bindings));
  }

  /** The served name a client's name refers to (exact, then `name:latest`, then any casing), or null. */
  resolve(name: string): string | null {
    const names = new Set(this.enabled().flatMap((b) => b.models.map(servedName)));
    if (names.has(name)) return name;
    const bare = name.replace(/:latest$/i, '');
    if (names.has(bare)) return bare;
    const lower = bare.toLowerCase();
    return [...names].find((n) => n.toLowerCase() === lower || n.toLowerCase() === name.toLowerCase()) ?? null;
  }

  getModel(name: string): ModelInfo {
    const served = this.resolve(name);
    if (served === null) throw new ModelNotFoundError(name);
    return this.describe(served, this.bindingsFor(served));
  }

  chat(request: ChatRequest): Promise<GenerationResult> {
    return this.dispatch(request.model, request, (call, model, watched) => upstreamProtocols[call.binding.kind].chat(call, model, { ...request, ...watched }));
  }

  complete(request: CompletionRequest): Promise<GenerationResult> {
    return this.dispatch(request.model, request, (call, model, watched) => upstreamProtocols[call.binding.kind].complete(call, model, { ...request, ...watched }));
  }

  embed(request: EmbedRequest): Promise<EmbedResult> {
    return this.dispatch(request.model, request, (call, model) => upstreamProtocols[call.binding.kind].embed(call, model, request));
  }

  /** Transcription through an OpenAI-kind binding exposing `model`; null when none does. */
  transcriber(model: string): Transcriber | null {
    const served = this.resolve(model);
    if (served === null) return null;
    const targets = this.bindingsFor(served).filter((b) => b.kind === 'openai');
    if (targets.length === 0) return null;
    return new BindingTranscriber((run) => this.withTarget(served, targets, run));
  }

  /**
   * Runs `run` on an OpenAI-kind upstream exposing `model`, balanced and with failover as generation is, for
   * routes that forward a request the engine has no method for (images); null when no such binding exists.
   */
  withOpenAiTarget<T>(model: string, run: (target: UpstreamTarget) => Promise<T>): Promise<T> | null {
    const served = this.resolve(model);
    if (served === null) return null;
    const targets = this.bindingsFor(served).filter((b) => b.kind === 'openai');
    return targets.length === 0 ? null : this.withTarget(served, targets, run);
  }

  /** Whether any enabled binding speaks OpenAI's API (the only kind that can serve images or transcription). */
  hasOpenAiBinding(): boolean {
    return this.enabled().some((b) => b.kind === 'openai');
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.store.close();
  }

  // --- inside --------------------------------------------------------------------------------------

  private enabled(): BindingRecord[] {
    return this.store.list().filter((b) => b.enabled);
  }

  private bindingsFor(served: string): BindingRecord[] {
    return this.enabled().filter((b) => b.models.some((m) => servedName(m) === served));
  }

  private describe(name: string, bindings: BindingRecord[]): ModelInfo {
    const created = Math.min(...bindings.map((b) => Date.parse(b.createdAt) / 1000));
    return {
      id: name,
      aliases: [],
      file: '',
      sizeBytes: 0,
      modifiedAt: Math.floor(created),
      // Always ready from Hearth's side: there is nothing to load here.
      state: 'loaded',
      remote: { bindings: bindings.map((b) => ({ id: b.id, name: b.name, kind: b.kind })) },
    };
  }

  private healthOf(id: string): BindingHealth {
    return this.health.get(id) ?? { healthy: null, checkedAt: null, error: null, inFlight: 0 };
  }

  private setHealth(id: string, healthy: boolean, error: string | null): void {
    const was = this.healthOf(id);
    if (was.healthy !== healthy) this.logger?.info({ binding: id, healthy, error }, 'binding health changed');
    this.health.set(id, { ...was, healthy, error, checkedAt: new Date().toISOString() });
  }

  private async callFor(binding: BindingRecord, signal?: AbortSignal): Promise<UpstreamCall> {
    return { binding, apiKey: await this.store.secrets.get(binding.id), signal };
  }

  private async check(binding: BindingRecord): Promise<void> {
    try {
      // A health check waits 10 s at most, whatever a binding allows its (possibly long) generations.
      const call = await this.callFor({ ...binding, timeoutMs: Math.min(binding.timeoutMs, 10_000) });
      await upstreamProtocols[binding.kind].listModels(call);
      this.setHealth(binding.id, true, null);
    } catch (error) {
      this.setHealth(binding.id, false, error instanceof Error ? error.message : String(error));
    }
  }

  private async checkAll(): Promise<void> {
    await Promise.all(this.enabled().map((b) => this.check(b)));
  }

  /**
   * Runs `work` on the least busy upstream serving `name`, known-healthy ones first. When one can't be
   * reached and no output has gone to the client yet, the next is tried; all down → 502.
   */
  private async dispatch<T>(
    name: string,
    request: { signal?: AbortSignal; onTextChunk?: (text: string) => void; onThoughtChunk?: (text: string) => void },
    work: (call: UpstreamCall, upstreamModel: string, watched: { onTextChunk?: (t: string) => void; onThoughtChunk?: (t: string) => void }) => Promise<T>,
  ): Promise<T> {
    const served = this.resolve(name);
    if (served === null) throw new ModelNotFoundError(name);
    let sent = false;
    const watched = {
      onTextChunk: request.onTextChunk && ((text: string) => ((sent = true), request.onTextChunk!(text))),
      onThoughtChunk: request.onThoughtChunk && ((text: string) => ((sent = true), request.onThoughtChunk!(text))),
    };
    return this.withTarget(served, this.bindingsFor(served), (target) => work({ binding: target.binding, apiKey: target.apiKey, signal: request.signal }, target.upstreamModel, watched), () => sent);
  }

  private async withTarget<T>(served: string, bindings: BindingRecord[], run: (target: UpstreamTarget) => Promise<T>, sentOutput: () => boolean = () => false): Promise<T> {
    const order = (b: BindingRecord) => {
      const h = this.healthOf(b.id);
      return (h.healthy === false ? 1e6 : 0) + h.inFlight;
    };
    const candidates = [...bindings].sort((a, b) => order(a) - order(b));
    const tried: string[] = [];
    let last: HearthError | undefined;
    for (const binding of candidates) {
      const health = this.healthOf(binding.id);
      this.health.set(binding.id, { ...health, inFlight: health.inFlight + 1 });
      try {
        const result = await run({ binding, apiKey: await this.store.secrets.get(binding.id), upstreamModel: upstreamName(binding, served) });
        if (this.healthOf(binding.id).healthy !== true) this.setHealth(binding.id, true, null);
        return result;
      } catch (error) {
        if (!(error instanceof UpstreamUnreachableError) || !failoverCodes.has(error.code ?? '') || sentOutput()) throw error;
        this.setHealth(binding.id, false, error.message);
        this.logger?.warn({ binding: binding.id, model: served, err: error.message }, 'upstream unreachable; trying the next one');
        tried.push(`'${binding.name}' at ${binding.baseUrl}`);
        last = error;
      } finally {
        const now = this.healthOf(binding.id);
        this.health.set(binding.id, { ...now, inFlight: Math.max(0, now.inFlight - 1) });
      }
    }
    if (candidates.length === 1 && last) throw last;
    if (candidates.length === 0) throw new NotSupportedError(`No enabled binding serves '${served}'.`);
    throw new NoHealthyUpstreamError(served, tried, last);
  }
}

/** The upstream's own name for the model Hearth serves as `served`. */
function upstreamName(binding: BindingRecord, served: string): string {
  return binding.models.find((m) => servedName(m) === served)?.name ?? served;
}
