import type { ChatModelFunctions, ChatWrapper, GbnfJsonSchema, Llama, LlamaGrammar } from 'node-llama-cpp';
import { HearthError, InvalidRequestError } from '../../common/errors.js';
import { responseGrammar } from './responseGrammar.js';
import type { ToolCall, ToolChoice, ToolDefinition } from './types.js';
import { newToolCallId } from './ids.js';

const emptyParams = { type: 'object', properties: {} } as const;

/** Tools as node-llama-cpp function definitions, which the chat template documents to the model. */
export function toFunctions(tools: ToolDefinition[]): ChatModelFunctions {
  const functions: Record<string, ChatModelFunctions[string]> = {};
  for (const tool of tools) {
    functions[tool.name] = { description: tool.description, params: (tool.parameters ?? emptyParams) as GbnfJsonSchema };
  }
  return functions;
}

/**
 * Refuses (400) a tool whose parameters node-llama-cpp can neither document nor compile: the request
 * schema only checks that parameters is a bounded JSON object, and node-llama-cpp trusts its keywords
 * (an `enum` or `oneOf` that is no list throws a TypeError while the prompt is rendered, and a grammar
 * for the call's arguments is compiled only once a model starts calling the tool). Checked before a slot is taken.
 */
export async function checkToolSchemas(llama: Llama, chatWrapper: ChatWrapper, functions: ChatModelFunctions): Promise<void> {
  for (const [name, definition] of Object.entries(functions)) {
    try {
      chatWrapper.generateAvailableFunctionsSystemText({ [name]: definition }, { documentParams: true });
      if (definition.params) await responseGrammar(llama, { type: 'json_schema', schema: definition.params as Record<string, unknown> });
    } catch (error) {
      if (error instanceof HearthError && !(error instanceof InvalidRequestError)) throw error;
      const reason = (error as Error).message.replace(/^The JSON schema in response_format is not supported: /, '');
      throw new InvalidRequestError(`The parameters schema of the tool '${name}' is not supported: ${reason}`, { param: 'tools' });
    }
  }
}

/**
 * For tool_choice 'required' or a named tool, the reply is constrained by a
 * grammar to a JSON array of calls, as llama.cpp's server forces tool calls:
 * a model can't be trusted to call a tool just because it was asked to.
 */
export async function createForcedToolGrammar(llama: Llama, tools: ToolDefinition[], choice: ToolChoice, maxCalls: number): Promise<LlamaGrammar> {
  const allowed = typeof choice === 'object' ? tools.filter((t) => t.name === choice.name) : tools;
  if (allowed.length === 0) {
    throw new InvalidRequestError(`tool_choice names '${(choice as { name: string }).name}', which is not among the tools.`, { param: 'tool_choice' });
  }
  const call = (tool: ToolDefinition) => ({
    type: 'object',
    properties: { name: { const: tool.name }, arguments: tool.parameters ?? emptyParams },
  });
  const schema = {
    type: 'array',
    items: allowed.length === 1 ? call(allowed[0]!) : { oneOf: allowed.map(call) },
    minItems: 1,
    maxItems: Math.max(1, maxCalls),
  };
  try {
    return await llama.createGrammarForJsonSchema(schema as never);
  } catch (error) {
    throw new InvalidRequestError(`A tool's parameters schema is not supported: ${(error as Error).message}`, { param: 'tools' });
  }
}

/** Reads the calls back from a reply generated under the forced-call grammar. */
export function parseForcedToolCalls(text: string): ToolCall[] {
  const calls = JSON.parse(text) as Array<{ name: string; arguments: unknown }>;
  return calls.map((call) => ({ id: newToolCallId(), name: call.name, arguments: JSON.stringify(call.arguments ?? {}) }));
}
