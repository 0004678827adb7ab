/**
 * The Responses API's items ⇄ the engine's chat request. Input items are first made into stored items
 * (ids given, text parts only), the shape input_items and conversations list; the prompt is then read
 * from stored items, so a continued response and a conversation replay exactly what was stored.
 */
import { randomBytes } from 'node:crypto';
import type {
  ResponsesCreateRequest,
  ResponsesContentPart,
  ResponsesFileSearchTool,
  ResponsesFunctionTool,
  ResponsesInputItem,
  ResponsesItem,
  ResponsesResponse,
  ResponsesToolChoiceEcho,
  ResponsesUsage,
} from '../../../common/api/responses.js';
import { InvalidRequestError } from '../../../common/errors.js';
import type { ChatMessage, ChatRequest, ResponseFormat, ToolChoice, Usage } from '../../engine/types.js';
import { fromWireSampling } from '../sampling.js';

/** An id in OpenAI's style: `resp_`, `conv_` (48 hex digits, also file names in the store), or an item's `msg_`, `fc_`, `rs_`… */
export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(prefix === 'resp' || prefix === 'conv' ? 24 : 16).toString('hex')}`;
}

/** An item_reference to nothing this key has stored (or to something past the retention). */
export function unknownItem(id: string, param: string): InvalidRequestError {
  return new InvalidRequestError(
    `No stored item with id '${id}': an item_reference names an item of a stored response (its input or output) or of a conversation, made with the same API key.`,
    { param, code: 'item_not_found' },
  );
}

function textOfParts(parts: string | ResponsesContentPart[], param: string): string {
  if (typeof parts === 'string') return parts;
  return parts
    .map((part, index) => {
      if (part.type === 'input_text' || part.type === 'output_text') return part.text;
      if (part.type === 'refusal') return part.refusal;
      const what = part.type === 'input_image' ? 'images (it has no vision)' : part.type === 'input_audio' ? 'audio' : 'files';
      throw new InvalidRequestError(`The local model can't read ${what}; send text parts only.`, { param: `${param}.content.${index}`, code: 'unsupported_content' });
    })
    .join('\n');
}

/**
 * Input items as stored and listed, each with an id; `param` names where they came from for errors (`input`,
 * `items`). An `item_reference` becomes the item it names, from `references` (itemReferences.ts finds them).
 */
export function toStoredItems(input: string | ResponsesInputItem[], param: string, references: ReadonlyMap<string, ResponsesItem> = new Map()): ResponsesItem[] {
  if (typeof input === 'string') return [{ type: 'message', id: newId('msg'), role: 'user', status: 'completed', content: [{ type: 'input_text', text: input }] }];
  return input.map((item, index): ResponsesItem => {
    const where = `${param}.${index}`;
    switch (item.type) {
      case 'message': {
        const text = textOfParts(item.content, where);
        const id = item.id ?? newId('msg');
        if (item.role === 'assistant') return { type: 'message', id, role: 'assistant', status: 'completed', content: [{ type: 'output_text', text, annotations: [] }] };
        return { type: 'message', id, role: item.role, status: 'completed', content: [{ type: 'input_text', text }] };
      }
      case 'function_call':
        return { type: 'function_call', id: item.id ?? newId('fc'), call_id: item.call_id, name: item.name, arguments: item.arguments, status: 'completed' };
      case 'function_call_output':
        return { type: 'function_call_output', id: item.id ?? newId('fco'), call_id: item.call_id, output: textOfParts(item.output, where), status: 'completed' };
      case 'reasoning':
        return { type: 'reasoning', id: item.id ?? newId('rs'), summary: item.summary, content: item.content ?? [], status: 'completed' };
      case 'file_search_call':
        return {
          type: 'file_search_call',
          id: item.id,
          queries: item.queries,
          status: 'completed',
          results: item.results?.map((result) => ({ file_id: result.file_id ?? '', filename: result.filename ?? '', score: result.score ?? 0, text: result.text ?? '', attributes: result.attributes ?? {} })) ?? null,
        };
      case 'item_reference': {
        const found = references.get(item.id);
        if (!found) throw unknownItem(item.id, `${where}.id`);
        return found;
      }
    }
  });
}

/**
 * The engine's messages for stored items: a function call joins the assistant turn before it (or opens
 * one), its output becomes the tool message the engine attaches to it. Reasoning is left out, as the
 * local chat templates leave earlier thoughts out.
 */
export function toChatMessages(items: ResponsesItem[]): ChatMessage[] {
  const messages: ChatMessage[] = [];
  const calls = new Set<string>();
  for (const item of items) {
    switch (item.type) {
      case 'message':
        messages.push({ role: item.role === 'developer' ? 'system' : item.role, content: item.content.map((part) => (part.type === 'refusal' ? part.refusal : part.text)).join('\n') });
        break;
      case 'function_call': {
        const last = messages.at(-1);
        const call = { id: item.call_id, name: item.name, arguments: item.arguments };
        if (last?.role === 'assistant') last.toolCalls = [...(last.toolCalls ?? []), call];
        else messages.push({ role: 'assistant', content: '', toolCalls: [call] });
        calls.add(item.call_id);
        break;
      }
      case 'function_call_output':
        if (!calls.has(item.call_id)) {
          throw new InvalidRequestError(`No function_call with call_id '${item.call_id}' comes before its function_call_output; send the call too, or continue with previous_response_id.`, { param: 'input' });
        }
        messages.push({ role: 'tool', content: item.output, toolCallId: item.call_id });
        break;
      // The passages were part of that turn's prompt only; the answer that cited them stays.
      case 'reasoning':
      case 'file_search_call':
        break;
    }
  }
  return messages;
}

function functionTools(body: ResponsesCreateRequest): ResponsesFunctionTool[] {
  return (body.tools ?? []).flatMap((tool, index) => {
    if (tool.type === 'file_search' && 'vector_store_ids' in tool) return [];
    if (tool.type === 'file_search') {
      throw new InvalidRequestError("file_search searches Hearth's datastores: give their ids as vector_store_ids (GET /v1/datastores lists them).", { param: `tools.${index}.vector_store_ids` });
    }
    if (tool.type !== 'function') {
      throw new InvalidRequestError(
        `Hearth does not run the tool type '${tool.type}': ${hostedToolTypes.has(tool.type) ? "it is one of OpenAI's hosted tools, which run on OpenAI's servers" : 'Hearth knows no such tool type'}. ` +
          "Hearth supports function tools ({type: 'function', name, parameters}), which your code runs; define the tool as a function.",
        { param: `tools.${index}.type`, code: 'unsupported_tool' },
      );
    }
    return [tool as ResponsesFunctionTool];
  });
}

/** The file_search tool, whose datastores ground the answer; one at most, as OpenAI takes. */
export function fileSearchOf(body: ResponsesCreateRequest): ResponsesFileSearchTool | null {
  const tools = (body.tools ?? []).filter((tool): tool is ResponsesFileSearchTool => tool.type === 'file_search' && 'vector_store_ids' in tool);
  if (tools.length > 1) throw new InvalidRequestError('Give one file_search tool; list all its datastores in its vector_store_ids.', { param: 'tools' });
  return tools[0] ?? null;
}

/** OpenAI's hosted tool types, named as such in the refusal (anything else is simply unknown). */
const hostedToolTypes = new Set([
  'web_search',
  'web_search_preview',
  'web_search_preview_2025_03_11',
  'web_search_2025_08_26',
  'code_interpreter',
  'computer_use_preview',
  'computer_use',
  'image_generation',
  'mcp',
]);

/** tool_choice as the response echoes it: the forms Hearth takes (others were refused before). */
export function echoedToolChoice(choice: ResponsesCreateRequest['tool_choice']): ResponsesToolChoiceEcho {
  if (choice == null) return 'auto';
  if (typeof choice === 'string') return choice;
  return 'name' in choice && typeof choice.name === 'string' ? { type: 'function', name: choice.name } : 'auto';
}

function fromToolChoice(choice: ResponsesCreateRequest['tool_choice'], hasTools: boolean, hasFileSearch: boolean): ToolChoice | undefined {
  if (choice == null || choice === 'auto') return undefined;
  // The datastores are searched before every answer, so forcing file_search asks for what happens anyway.
  if (hasFileSearch && !hasTools && choice === 'required') return undefined;
  if (hasFileSearch && typeof choice === 'object' && choice.type === 'file_search') return undefined;
  if (typeof choice === 'object' && choice.type !== 'function') {
    throw new InvalidRequestError(
      `Hearth does not support tool_choice of type '${choice.type}'; it takes 'auto', 'none', 'required' or {type: 'function', name} naming one of the function tools.`,
      { param: 'tool_choice.type', code: 'unsupported_value' },
    );
  }
  if (choice === 'none') return hasTools ? 'none' : undefined;
  if (!hasTools) throw new InvalidRequestError('tool_choice forces a tool call but no tools were given.', { param: 'tool_choice' });
  return choice === 'required' ? 'required' : { name: (choice as { name: string }).name };
}

function fromTextFormat(format: NonNullable<ResponsesCreateRequest['text']>['format']): ResponseFormat | undefined {
  if (!format || format.type === 'text') return undefined;
  return format.type === 'json_object' ? { type: 'json_object' } : { type: 'json_schema', schema: format.schema };
}

/** The engine request for a response over `items` (the history, then this request's input), minus signal and callbacks. */
export function fromResponsesRequest(body: ResponsesCreateRequest, items: ResponsesItem[]): ChatRequest {
  const tools = functionTools(body);
  const messages = [...(body.instructions ? [{ role: 'system' as const, content: body.instructions }] : []), ...toChatMessages(items)];
  if (messages.length === 0) throw new InvalidRequestError('input must hold at least one item (or continue a conversation or a previous response).', { param: 'input' });
  const request: ChatRequest = { model: body.model, messages, ...fromWireSampling({ temperature: body.temperature, top_p: body.top_p }, body.max_output_tokens) };
  if (tools.length > 0) {
    request.tools = tools.map((tool) => ({ name: tool.name, ...(tool.description != null ? { description: tool.description } : {}), ...(tool.parameters != null ? { parameters: tool.parameters } : {}) }));
    if (body.parallel_tool_calls === false) request.maxParallelToolCalls = 1;
  }
  const toolChoice = fromToolChoice(body.tool_choice, tools.length > 0, fileSearchOf(body) !== null);
  if (toolChoice) request.toolChoice = toolChoice;
  const responseFormat = fromTextFormat(body.text?.format);
  if (responseFormat) request.responseFormat = responseFormat;
  return request;
}

export function toResponsesUsage(usage: Usage): ResponsesUsage {
  return {
    input_tokens: usage.promptTokens,
    input_tokens_details: { cached_tokens: usage.cachedPromptTokens, cache_write_tokens: 0 },
    output_tokens: usage.completionTokens,
    // The engine does not count thought tokens apart from the answer's.
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.promptTokens + usage.completionTokens,
  };
}

/** The response object as it stands before generation: in progress, with the request's settings echoed. */
export function newResponse(body: ResponsesCreateRequest, model: string, conversationId: string | null): ResponsesResponse {
  const format = body.text?.format;
  return {
    id: newId('resp'),
    object: 'response',
    created_at: Math.floor(Date.now() / 1000),
    completed_at: null,
    status: 'in_progress',
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    model,
    output: [],
    output_text: '',
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: body.previous_response_id ?? null,
    conversation: conversationId ? { id: conversationId } : null,
    store: body.store !== false,
    temperature: body.temperature ?? null,
    top_p: body.top_p ?? null,
    text: {
      format:
        format?.type === 'json_schema'
          ? { type: 'json_schema', name: format.name, schema: format.schema, strict: format.strict ?? null, ...(format.description != null ? { description: format.description } : {}) }
          : (format ?? { type: 'text' }),
    },
    tool_choice: echoedToolChoice(body.tool_choice),
    tools: [
      ...functionTools(body).map((tool) => ({ type: 'function' as const, name: tool.name, description: tool.description ?? null, parameters: tool.parameters ?? null, strict: tool.strict ?? null })),
      ...[fileSearchOf(body)].flatMap((tool) => (tool ? [{ type: 'file_search' as const, vector_store_ids: tool.vector_store_ids, ...(tool.max_num_results != null ? { max_num_results: tool.max_num_results } : {}) }] : [])),
    ],
    truncation: 'disabled',
    metadata: body.metadata ?? {},
    background: false,
    access_programs: null,
  };
}
