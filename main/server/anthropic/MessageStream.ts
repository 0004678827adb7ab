import type { AnthropicResponseBlock, AnthropicStreamEvent } from '../../../common/api/anthropic.js';
import type { GenerationResult, Usage } from '../../engine/types.js';
import { toAnthropicStopReason, toAnthropicUsage, toolUseInput } from './translate.js';

/** How often an idle stream says `ping`, so proxies and clients with read timeouts keep it open, in ms. */
const pingIntervalMs = 10_000;

/**
 * Turns one streamed generation into Anthropic's event sequence: `message_start` (once the prompt has its
 * slot, so its token count is exact) and a `ping`; then content blocks, each `content_block_start`,
 * deltas, `content_block_stop`, in order — thinking, text, then tool_use blocks with their input as one
 * JSON fragment (the engine hands over whole calls); then `message_delta` with the stop reason and usage,
 * and `message_stop`.
 */
export class MessageStream {
  private started = false;
  private open: { index: number; type: 'thinking' | 'text' } | null = null;
  private blocks = 0;
  private readonly ping: NodeJS.Timeout;

  constructor(
    private readonly send: (event: AnthropicStreamEvent) => void,
    private readonly identity: { id: string; model: string },
  ) {
    this.ping = setInterval(() => this.started && this.send({ type: 'ping' }), pingIntervalMs);
    this.ping.unref();
  }

  /** The prompt has its slot: input tokens are known. */
  start(usage: Omit<Usage, 'completionTokens'>): void {
    if (this.started) return;
    this.started = true;
    const { id, model } = this.identity;
    this.send({
      type: 'message_start',
      message: {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        stop_details: null,
        container: null,
        diagnostics: null,
        usage: toAnthropicUsage({ ...usage, completionTokens: 0 }),
      },
    });
    this.send({ type: 'ping' });
  }

  thought(text: string): void {
    this.block('thinking', { type: 'thinking', thinking: '', signature: '' });
    this.send({ type: 'content_block_delta', index: this.open!.index, delta: { type: 'thinking_delta', thinking: text } });
  }

  text(text: string): void {
    this.block('text', { type: 'text', text: '', citations: null });
    this.send({ type: 'content_block_delta', index: this.open!.index, delta: { type: 'text_delta', text } });
  }

  finish(result: GenerationResult): void {
    clearInterval(this.ping);
    this.start(result.usage);
    // A reply with neither text nor calls still has its (empty) text block, as the non-streamed message does.
    if (this.blocks === 0 && result.toolCalls.length === 0) this.block('text', { type: 'text', text: '', citations: null });
    this.close();
    for (const call of result.toolCalls) {
      const index = this.blocks++;
      this.send({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: call.id, name: call.name, input: {}, caller: { type: 'direct' } } });
      this.send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(toolUseInput(call)) } });
      this.send({ type: 'content_block_stop', index });
    }
    const usage = toAnthropicUsage(result.usage);
    this.send({
      type: 'message_delta',
      delta: { stop_reason: toAnthropicStopReason(result), stop_sequence: result.stopSequence ?? null, stop_details: null, container: null },
      usage: {
        input_tokens: usage.input_tokens,
        output_tokens: usage.output_tokens,
        cache_read_input_tokens: usage.cache_read_input_tokens,
        cache_creation_input_tokens: usage.cache_creation_input_tokens,
        output_tokens_details: null,
        server_tool_use: null,
      },
    });
    this.send({ type: 'message_stop' });
  }

  /** Stops the pings when the generation fails instead of finishing. */
  dispose(): void {
    clearInterval(this.ping);
  }

  /** Makes a block of this type the open one, closing another first. */
  private block(type: 'thinking' | 'text', start: AnthropicResponseBlock): void {
    if (this.open?.type === type) return;
    this.close();
    this.open = { index: this.blocks++, type };
    this.send({ type: 'content_block_start', index: this.open.index, content_block: start });
  }

  private close(): void {
    if (!this.open) return;
    this.send({ type: 'content_block_stop', index: this.open.index });
    this.open = null;
  }
}
