import type { Assistant, AssistantResponseFormat, AssistantResponseFormatInput, AssistantTool, AssistantToolInput, CreateAssistantRequest, UpdateAssistantRequest } from '../../common/assistants.js';
import { InvalidRequestError } from '../../common/errors.js';

/** What a create or modify body sets: everything of the assistant but its identity. */
export type AssistantFields = Omit<Assistant, 'id' | 'object' | 'created_at'>;

const blank: AssistantFields = {
  name: null,
  description: null,
  model: '',
  instructions: null,
  tools: [],
  tool_resources: {},
  metadata: {},
  temperature: null,
  top_p: null,
  response_format: 'auto',
};

/**
 * The fields after a create (from blank) or modify (from the current record) body, as OpenAI applies
 * them: a field left out keeps its value, null clears it. Tools Hearth can't run locally are refused
 * here, so no assistant is stored that would fail on every use.
 */
export function applyAssistantRequest(request: CreateAssistantRequest | UpdateAssistantRequest, current: AssistantFields = blank): AssistantFields {
  const next: AssistantFields = { ...current };
  if (request.model !== undefined) next.model = request.model;
  if (request.name !== undefined) next.name = request.name?.trim() || null;
  if (request.description !== undefined) next.description = request.description || null;
  if (request.instructions !== undefined) next.instructions = request.instructions || null;
  if (request.tools !== undefined) next.tools = checkTools(request.tools ?? []);
  if (request.metadata !== undefined) next.metadata = request.metadata ?? {};
  if (request.temperature !== undefined) next.temperature = request.temperature;
  if (request.top_p !== undefined) next.top_p = request.top_p;
  if (request.response_format !== undefined) next.response_format = toResponseFormat(request.response_format ?? 'auto');
  if (request.tool_resources !== undefined) {
    const ids = request.tool_resources?.file_search?.vector_store_ids;
    next.tool_resources = ids && ids.length > 0 ? { file_search: { vector_store_ids: [...new Set(ids)] } } : {};
  }
  return next;
}

function checkTools(tools: AssistantToolInput[]): AssistantTool[] {
  tools.forEach((tool, index) => {
    if (tool.type === 'code_interpreter') {
      throw new InvalidRequestError('code_interpreter is not available on this server: Hearth runs no code. Use function tools, or file_search with datastores.', { param: `tools.${index}`, code: 'unsupported_parameter' });
    }
  });
  const names = tools.flatMap((tool) => (tool.type === 'function' ? [tool.function.name] : []));
  const twice = names.find((name, index) => names.indexOf(name) !== index);
  if (twice) throw new InvalidRequestError(`Two function tools are named '${twice}'; names must be unique.`, { param: 'tools' });
  return tools.map((tool): AssistantTool => (tool.type === 'function' ? { type: 'function', function: withoutNulls(tool.function) } : { type: tool.type }));
}

function toResponseFormat(format: AssistantResponseFormatInput): AssistantResponseFormat {
  return format === 'auto' || format.type !== 'json_schema' ? format : { type: 'json_schema', json_schema: withoutNulls(format.json_schema) };
}

/** OpenAI's clients send null for "not set"; the stored assistant leaves such fields out. */
function withoutNulls<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== null && field !== undefined)) as { [K in keyof T]: Exclude<T[K], null> };
}
