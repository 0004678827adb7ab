/**
 * Anthropic's Messages wire format ⇄ the engine's chat request. A thin dialect, like the other
 * families: what the engine can't do honestly is refused here with a 400.
 */
import { randomBytes } from 'node:crypto';
import type {
  AnthropicContentBlock,
  AnthropicCountTokensRequest,
  AnthropicMessage,
  AnthropicMessageResponse,
  AnthropicResponseBlock,
  AnthropicStopReason,
  AnthropicToolChoice,
  AnthropicUsage,
} from '../../../common/api/anthropic.js';
import { InvalidRequestError } from '../../../common/errors.js';
import type { ChatMessage, ChatRequest, GenerationResult, ToolCall, ToolChoice, ToolDefinition, Usage } from '../../engine/types.js';

export function newMessageId(): string {
  return `msg_${randomBytes(12).toString('hex')}`;
}

function unreadable(type: string, param: string): InvalidRequestError {
  const what = type === 'image' ? 'images (it has no vision)' : type === 'document' ? 'documents; send their text' : `${type} blocks`;
  return new InvalidRequestError(`The local model can't read ${what}; send text blocks only.`, { param, code: 'unsupported_content' });
}

/** The text of a tool_result's content, as the tool message the engine takes. */
function toolResultText(block: Extract<AnthropicContentBlock, { type: 'tool_result' }>, param: string): string {
  const content = block.content ?? '';
  const text =
    typeof content === 'string'
      ? content
      : content
          .map((part, index) => {
            if (part.type !== 'text') throw unreadable(part.type, `${param}.content.${index}`);
            return part.text;
          })
          .join('\n');
  // The engine's tool message has no error flag; say it in the text, so the model reads it as a failure.
  return block.is_error ? `Error: ${text}` : text;
}

/**
 * One Anthropic message as engine messages: a user turn's tool_result blocks become tool messages (the
 * engine attaches each to the call it answers), its text a user message; an assistant turn's tool_use
 * blocks become its tool calls. Earlier thoughts are left out, as the local templates leave them out.
 */
function fromAnthropicMessage(message: AnthropicMessage, index: number): ChatMessage[] {
  if (typeof message.content === 'string') return [{ role: message.role, content: message.content }];
  const texts: string[] = [];
  const toolCalls: ToolCall[] = [];
  const toolResults: ChatMessage[] = [];
  message.content.forEach((block, blockIndex) => {
    const param = `messages.${index}.content.${blockIndex}`;
    switch (block.type) {
      case 'text':
        texts.push(block.text);
        break;
      case 'tool_use':
        if (message.role !== 'assistant') throw new InvalidRequestError('tool_use blocks belong in assistant messages.', { param });
        toolCalls.push({ id: block.id, name: block.name, arguments: JSON.stringify(block.input ?? {}) });
        break;
      case 'tool_result':
        if (message.role !== 'user') throw new InvalidRequestError('tool_result blocks belong in user messages.', { param });
        toolResults.push({ role: 'tool', content: toolResultText(block, param), toolCallId: block.tool_use_id });
        break;
      case 'thinking':
      case 'redacted_thinking':
        break;
      default:
        throw unreadable(block.type, param);
    }
  });
  const content = texts.join('\n');
  if (message.role === 'assistant') return [{ role: 'assistant', content, ...(toolCalls.length > 0 ? { toolCalls } : {}) }];
  if (message.role === 'system') return [{ role: 'system', content }];
  return [...toolResults, ...(texts.length > 0 || toolResults.length === 0 ? [{ role: 'user' as const, content }] : [])];
}

function fromAnthropicToolChoice(choice: AnthropicToolChoice | null | undefined, hasTools: boolean): ToolChoice | undefined {
  if (!choice || choice.type === 'auto') return undefined;
  if (choice.type === 'none') return hasTools ? 'none' : undefined;
  if (!hasTools) throw new InvalidRequestError('tool_choice forces a tool call but no tools were given.', { param: 'tool_choice' });
  return choice.type === 'any' ? 'required' : { name: choice.name };
}

/** The engine's chat request for a message or a token count, minus sampling, signal and callbacks. */
export function fromAnthropicPrompt(body: AnthropicCountTokensRequest): ChatRequest {
  const system = body.system == null ? '' : typeof body.system === 'string' ? body.system : body.system.map((block) => block.text).join('\n');
  const messages: ChatMessage[] = [...(system !== '' ? [{ role: 'system' as const, content: system }] : []), ...body.messages.flatMap(fromAnthropicMessage)];
  const request: ChatRequest = { model: body.model, messages };
  if (body.tools?.length) {
    request.tools = body.tools.map((tool): ToolDefinition => ({ name: tool.name, ...(tool.description != null ? { description: tool.description } : {}), parameters: tool.input_schema }));
  }
  const format = body.output_config?.format;
  if (format) request.responseFormat = { type: 'json_schema', schema: format.schema };
  const toolChoice = fromAnthropicToolChoice(body.tool_choice, request.tools !== undefined);
  if (toolChoice) request.toolChoice = toolChoice;
  if (body.tool_choice && 'disable_parallel_tool_use' in body.tool_choice && body.tool_choice.disable_parallel_tool_use) request.maxParallelToolCalls = 1;
  return request;
}

export function toAnthropicStopReason(result: Pick<GenerationResult, 'finishReason' | 'stopSequence'>): AnthropicStopReason {
  if (result.finishReason === 'tool_calls') return 'tool_use';
  if (result.finishReason === 'length') return 'max_tokens';
  return result.stopSequence !== undefined ? 'stop_sequence' : 'end_turn';
}

/** Anthropic counts prompt tokens read from its cache apart from input_tokens; the slot's reused prefix is that part here. */
export function toAnthropicUsage(usage: Usage): AnthropicUsage {
  return {
    input_tokens: usage.promptTokens - usage.cachedPromptTokens,
    output_tokens: usage.completionTokens,
    cache_read_input_tokens: usage.cachedPromptTokens,
    cache_creation_input_tokens: 0,
    cache_creation: null,
    inference_geo: null,
    output_tokens_details: null,
    server_tool_use: null,
    service_tier: null,
    speed: null,
  };
}

/** A tool call's arguments as the `input` object of its tool_use block. */
export function toolUseInput(call: ToolCall): unknown {
  try {
    return JSON.parse(call.arguments);
  } catch {
    return {};
  }
}

export function toAnthropicMessage(result: GenerationResult, id: string): AnthropicMessageResponse {
  const content: AnthropicResponseBlock[] = [];
  if (result.thoughts) content.push({ type: 'thinking', thinking: result.thoughts, signature: '' });
  if (result.text !== '' || result.toolCalls.length === 0) content.push({ type: 'text', text: result.text, citations: null });
  for (const call of result.toolCalls) content.push({ type: 'tool_use', id: call.id, name: call.name, input: toolUseInput(call), caller: { type: 'direct' } });
  return {
    id,
    type: 'message',
    role: 'assistant',
    model: result.model,
    content,
    stop_reason: toAnthropicStopReason(result),
    stop_sequence: result.stopSequence ?? null,
    stop_details: null,
    container: null,
    diagnostics: null,
    usage: toAnthropicUsage(result.usage),
  };
}
