import { type ChatWrapper, type LlamaContext, type LlamaContextSequence, type LlamaEmbeddingContext, type LlamaModel, type Token } from 'node-llama-cpp';
import { resolveModelChatWrapper, type TemplateWarningLog } from './chatTemplate.js';
import type { ModelFile } from './ModelRegistry.js';
import { SlotPool, type SlotLease } from './SlotPool.js';

/** The load options in force for one loaded model, after defaults and per-model settings are merged. */
export interface ResolvedLoadOptions {
  contextSize: number;
  gpuLayers: number | 'auto' | 'max';
  threads: number;
  batchSize?: number;
  parallelSlots: number;
  flashAttention: boolean | 'auto';
  idleTtlSeconds: number;
}

/** A model in memory with its context, its slots and, on demand, an embedding context. */
export class LoadedModel {
  readonly slots: SlotPool<LlamaContextSequence>;
  /** When an idle model will be unloaded (ms since the epoch), or null to keep it. */
  expiresAt: number | null = null;
  lastUsedAt = Date.now();
  /** performance.now() when loading finished, to tell a request that waited for the load from one that didn't. */
  readonly loadedAt = performance.now();
  /**
   * The model's own chat template as node-llama-cpp resolves it (from the GGUF, else by architecture),
   * with its rendering bounded; resolved at load, so a template that can't be used is found then.
   */
  readonly chatWrapper: ChatWrapper;
  private embeddingContext: Promise<LlamaEmbeddingContext> | null = null;
  private embeddingQueue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: ModelFile,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    readonly options: ResolvedLoadOptions,
    queueSize: () => number,
    onIdle: () => void,
    logger: TemplateWarningLog,
  ) {
    this.chatWrapper = resolveModelChatWrapper(model, file.id, logger);
    const sequences = Array.from({ length: context.totalSequences }, () => context.getSequence());
    this.slots = new SlotPool(sequences, queueSize, onIdle);
  }

  get id(): string {
    return this.file.id;
  }

  /** Token ids run from 0 to this, exclusive. */
  get vocabularySize(): number {
    return this.model.fileInfo.metadata.tokenizer?.ggml?.tokens?.length ?? 0;
  }

  get contextSize(): number {
    return this.context.contextSize;
  }

  /**
   * A slot for one request: the slot whose cached tokens share the longest prefix with `promptTokens`, when
   * that prefix is at least half the prompt (a conversation going on, a long shared system prompt), else
   * the first free slot. The slots are sequences of one context without a unified KV cache, and llama.cpp
   * decodes the tokens of one step together only for sequences with consecutive ids; a stream parked on
   * a far slot to reuse a few cached tokens (BOS and a word or two) would cost every later step of the
   * others a matrix pass of its own.
   */
  acquire(promptTokens: readonly Token[] | null, signal?: AbortSignal): Promise<SlotLease<LlamaContextSequence>> {
    this.lastUsedAt = Date.now();
    return this.slots.acquire((sequence) => {
      if (!promptTokens || promptTokens.length === 0) return 0;
      const cached = sequence.compareContextTokens(promptTokens as Token[]).firstDifferentIndex;
      return cached * 2 >= promptTokens.length ? cached : 0;
    }, signal);
  }

  /**
   * Runs `work` on the embedding context, one call at a time: it has a single
   * sequence, and embeddings are short enough that queueing beats a second context.
   */
  withEmbeddingContext<T>(work: (context: LlamaEmbeddingContext) => Promise<T>): Promise<T> {
    this.lastUsedAt = Date.now();
    this.embeddingContext ??= this.model.createEmbeddingContext({
      contextSize: Math.min(this.options.contextSize, this.model.trainContextSize),
      threads: this.options.threads,
      batchSize: this.options.batchSize,
    });
    const run = this.embeddingQueue.then(async () => work(await this.embeddingContext!));
    this.embeddingQueue = run.catch(() => {});
    return run;
  }

  get vramBytes(): number {
    return this.model.gpuLayers > 0 ? this.model.size : 0;
  }

  async dispose(): Promise<void> {
    const embedding = this.embeddingContext;
    this.embeddingContext = null;
    if (embedding) await (await embedding.catch(() => null))?.dispose();
    await this.context.dispose();
    await this.model.dispose();
  }
}
