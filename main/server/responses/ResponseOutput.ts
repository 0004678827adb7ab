import type { ResponsesFileSearchCall, ResponsesOutputItem, ResponsesOutputMessage, ResponsesOutputText, ResponsesReasoning, ResponsesStreamEvent } from '../../../common/api/responses.js';
import type { GenerationResult } from '../../engine/types.js';
import { newId } from './translate.js';

type OpenItem = { kind: 'reasoning'; item: ResponsesReasoning; index: number; text: string } | { kind: 'message'; item: ResponsesOutputMessage; index: number; text: string };

/**
 * Builds a response's output items as the generation goes, and says each step as the Responses stream's
 * events: an item is added, its content part added, its text streamed as deltas, then done, part then
 * item. Thoughts come first as a reasoning item, then the answer as a message, then function calls
 * (the engine hands over whole calls, so their arguments are one delta). A non-streamed response uses it
 * with no listener, so both carry the same items.
 */
export class ResponseOutput {
  readonly items: ResponsesOutputItem[] = [];
  private open: OpenItem | null = null;

  constructor(private readonly emit: (event: ResponsesStreamEvent) => void = () => {}) {}

  /** A file search that ran before generation: reported whole, as the first output item. */
  fileSearch(call: ResponsesFileSearchCall): void {
    const index = this.items.length;
    this.items.push(call);
    const base = { item_id: call.id, output_index: index };
    this.emit({ type: 'response.output_item.added', output_index: index, item: { ...call, status: 'in_progress', results: null } });
    this.emit({ type: 'response.file_search_call.in_progress', ...base });
    this.emit({ type: 'response.file_search_call.searching', ...base });
    this.emit({ type: 'response.file_search_call.completed', ...base });
    this.emit({ type: 'response.output_item.done', output_index: index, item: call });
  }

  thought(text: string): void {
    const open = this.openItem('reasoning');
    open.text += text;
    this.emit({ type: 'response.reasoning_text.delta', item_id: open.item.id, output_index: open.index, content_index: 0, delta: text });
  }

  text(text: string): void {
    const open = this.openItem('message');
    open.text += text;
    this.emit({ type: 'response.output_text.delta', item_id: open.item.id, output_index: open.index, content_index: 0, delta: text, logprobs: [] });
  }

  /** Closes what is open, adds the calls, and returns the output; `incomplete` when the token limit cut it short. */
  finish(result: GenerationResult): ResponsesOutputItem[] {
    const status = result.finishReason === 'length' ? 'incomplete' : 'completed';
    // A generation that streamed nothing (the non-streamed path) still carries its thoughts and text.
    if (result.thoughts && !this.items.some((item) => item.type === 'reasoning')) this.thought(result.thoughts);
    if (result.text !== '' && !this.items.some((item) => item.type === 'message')) this.text(result.text);
    // A reply with neither text nor calls is still one (empty) message.
    if (result.toolCalls.length === 0 && !this.items.some((item) => item.type === 'message')) this.openItem('message');
    this.close(status);
    for (const call of result.toolCalls) {
      const index = this.items.length;
      const id = newId('fc');
      this.items.push({ type: 'function_call', id, call_id: call.id, name: call.name, arguments: call.arguments, status: 'completed' });
      this.emit({ type: 'response.output_item.added', output_index: index, item: { type: 'function_call', id, call_id: call.id, name: call.name, arguments: '', status: 'in_progress' } });
      this.emit({ type: 'response.function_call_arguments.delta', item_id: id, output_index: index, delta: call.arguments });
      this.emit({ type: 'response.function_call_arguments.done', item_id: id, output_index: index, arguments: call.arguments });
      this.emit({ type: 'response.output_item.done', output_index: index, item: this.items[index]! });
    }
    return this.items;
  }

  private openItem(kind: OpenItem['kind']): OpenItem {
    if (this.open?.kind === kind) return this.open;
    this.close('completed');
    const index = this.items.length;
    const open: OpenItem =
      kind === 'reasoning'
        ? { kind, index, text: '', item: { type: 'reasoning', id: newId('rs'), summary: [], content: [], status: 'in_progress' } }
        : { kind, index, text: '', item: { type: 'message', id: newId('msg'), role: 'assistant', status: 'in_progress', content: [] } };
    this.open = open;
    this.items.push(open.item);
    const part: ResponsesOutputText | { type: 'reasoning_text'; text: string } = kind === 'reasoning' ? { type: 'reasoning_text', text: '' } : { type: 'output_text', text: '', annotations: [] };
    this.emit({ type: 'response.output_item.added', output_index: index, item: structuredClone(open.item) });
    this.emit({ type: 'response.content_part.added', item_id: open.item.id, output_index: index, content_index: 0, part });
    return open;
  }

  private close(status: 'completed' | 'incomplete'): void {
    const open = this.open;
    if (!open) return;
    this.open = null;
    const { item, index, text } = open;
    const base = { item_id: item.id, output_index: index, content_index: 0 };
    if (open.kind === 'reasoning') {
      open.item.content = [{ type: 'reasoning_text', text }];
      open.item.status = status;
      this.emit({ type: 'response.reasoning_text.done', ...base, text });
      this.emit({ type: 'response.content_part.done', ...base, part: { type: 'reasoning_text', text } });
    } else {
      open.item.content = [{ type: 'output_text', text, annotations: [] }];
      open.item.status = status;
      this.emit({ type: 'response.output_text.done', ...base, text, logprobs: [] });
      this.emit({ type: 'response.content_part.done', ...base, part: { type: 'output_text', text, annotations: [] } });
    }
    this.emit({ type: 'response.output_item.done', output_index: index, item: structuredClone(item) });
  }
}
