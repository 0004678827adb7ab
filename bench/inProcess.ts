import os from 'node:os';
import { getLlama, LlamaCompletion, type LlamaContext, type Token } from 'node-llama-cpp';
import type { StreamTiming } from './streamClient.js';

/** (a) node-llama-cpp used directly, as a baseline with no server in between. */
export class InProcessRunner {
  private constructor(private readonly context: LlamaContext) {}

  static async open(modelPath: string, threads: number, slots: number, contextSize: number): Promise<InProcessRunner> {
    const llama = await getLlama({ gpu: false, maxThreads: os.availableParallelism(), build: 'never' });
    const model = await llama.loadModel({ modelPath });
    // Flash attention 'auto' as Hearth and llama-server default to.
    const context = await model.createContext({ contextSize, sequences: slots, threads, flashAttention: 'auto' });
    return new InProcessRunner(context);
  }

  async run(prompt: string, maxTokens: number): Promise<StreamTiming> {
    const sequence = this.context.getSequence();
    const completion = new LlamaCompletion({ contextSequence: sequence, autoDisposeSequence: true });
    const started = performance.now();
    let first: number | null = null;
    let last = started;
    let tokens = 0;
    try {
      await completion.generateCompletion(prompt, {
        maxTokens,
        temperature: 0,
        onToken(chunk: Token[]) {
          const now = performance.now();
          first ??= now;
          last = now;
          tokens += chunk.length;
        },
      });
    } finally {
      completion.dispose();
    }
    const ended = performance.now();
    first ??= ended;
    return { ttftMs: first - started, decodeMs: last - first, tokens, totalMs: ended - started };
  }

  async close(): Promise<void> {
    await this.context.model.llama.dispose();
  }
}
