import type { Context } from 'koa';
import type { ChatSource } from '../../common/api/openai.js';
import { assistantDatastoreIds, type Assistant, type AssistantResponseFormat } from '../../common/assistants.js';
import { NotFoundError } from '../../common/errors.js';
import type { ChatMessage, ChatRequest, ResponseFormat, ToolDefinition } from '../engine/types.js';
import { groundChat } from '../rag/groundChat.js';
import { localActor } from '../rag/access.js';
import type { Services } from '../services.js';
import { actorOf } from './ragActor.js';

export interface PreparedChat {
  /** The engine request: the model id resolved, an assistant's preset applied, the passages in. */
  request: ChatRequest;
  /** The assistant the request's model named, if it named one. */
  assistant: Assistant | null;
  /** The passages in the prompt, when datastores were searched (the request's `files` or the assistant's). */
  sources?: ChatSource[];
}

/** What a request's `model` named: the model id to run, and the assistant when it named one. */
export interface ChatModel {
  id: string;
  assistant: Assistant | null;
}

/** A family's own way of resolving a model name (Ollama's `name:tag` matching); the engine's ids and aliases by default. */
export type ResolveModel = (name: string) => Promise<string>;

export interface PrepareChatOptions {
  /** Datastore ids the request itself names (chat's `files`). */
  datastoreIds?: readonly string[];
  /** The request's model, when the family resolved it already (resolveChatModel) before building the request. */
  resolved?: ChatModel;
  resolveModel?: ResolveModel;
}

/**
 * The one place a chat request's `model` is read: a model (id or alias, which win), else an assistant by
 * id or name, which runs its own model. Neither: the family's own 404.
 */
export async function resolveChatModel(services: Services, name: string, resolveModel?: ResolveModel): Promise<ChatModel> {
  try {
    return { id: await (resolveModel ?? ((model: string) => services.engine.resolveId(model)))(name), assistant: null };
  } catch (error) {
    const assistant = error instanceof NotFoundError ? services.assistants.find(name) : null;
    if (!assistant) throw error;
    return { id: await services.engine.resolveId(assistant.model), assistant };
  }
}

/**
 * Where every family's chat request becomes an engine request: its `model` names a model (id or alias,
 * which win) or an assistant (by id or name). An assistant's model runs with its instructions before the
 * request's own system message, its sampling, response format and function tools as defaults the request
 * overrides, and its datastores searched as chat's `files` are. Datastores the request names are checked
 * with the caller's rights; an assistant's are searched with the assistant's, which an admin gave it: a
 * shared preset grounds every caller alike (see README "Assistants").
 */
export async function prepareChat(services: Services, ctx: Context, request: ChatRequest, options: PrepareChatOptions = {}): Promise<PreparedChat> {
  const { id: model, assistant } = options.resolved ?? (await resolveChatModel(services, request.model, options.resolveModel));
  let prepared: ChatRequest = assistant ? withAssistant(assistant, { ...request, model }) : { ...request, model };

  const own = [...new Set(options.datastoreIds ?? [])];
  const theirs = assistant ? assistantDatastoreIds(assistant) : [];
  if (own.length === 0 && theirs.length === 0) return { request: prepared, assistant };
  // A datastore the caller may not read is a 404 here, before anything is searched.
  const actor = actorOf(ctx);
  for (const id of own) services.rag.readable(actor, id);
  const grounded = await groundChat(services.rag, services.engine, {
    actor: theirs.length > 0 ? localActor : actor,
    model,
    messages: prepared.messages,
    datastoreIds: [...new Set([...own, ...theirs])],
    ...(prepared.maxTokens !== undefined ? { maxTokens: prepared.maxTokens } : {}),
    logger: ctx.state.logger,
  });
  prepared = { ...prepared, messages: grounded.messages };
  return { request: prepared, assistant, sources: grounded.sources };
}

/** The assistant's preset under the request: what the request sets wins. */
export function withAssistant(assistant: Assistant, request: ChatRequest): ChatRequest {
  const next: ChatRequest = { ...request, messages: withInstructions(assistant.instructions, request.messages) };
  if (next.temperature === undefined && assistant.temperature !== null) next.temperature = assistant.temperature;
  if (next.topP === undefined && assistant.top_p !== null) next.topP = assistant.top_p;
  const format = toResponseFormat(assistant.response_format);
  // A request with tools gets no default format: the engine can't force both at once.
  if (next.responseFormat === undefined && format && !next.tools?.length) next.responseFormat = format;
  const tools = functionTools(assistant);
  if (next.tools === undefined && tools.length > 0 && next.responseFormat === undefined) next.tools = tools;
  return next;
}

/** One system message, the instructions first: several system messages confuse some chat templates. */
function withInstructions(instructions: string | null, messages: ChatMessage[]): ChatMessage[] {
  if (!instructions) return messages;
  const [first, ...rest] = messages;
  if (first?.role === 'system') return [{ ...first, content: `${instructions}\n\n${first.content}` }, ...rest];
  return [{ role: 'system', content: instructions }, ...messages];
}

function toResponseFormat(format: AssistantResponseFormat): ResponseFormat | undefined {
  if (format === 'auto') return undefined;
  if (format.type === 'json_schema') return format.json_schema.schema ? { type: 'json_schema', schema: format.json_schema.schema } : { type: 'json_object' };
  return { type: format.type };
}

function functionTools(assistant: Assistant): ToolDefinition[] {
  return assistant.tools.flatMap((tool) =>
    tool.type === 'function'
      ? [{ name: tool.function.name, ...(tool.function.description ? { description: tool.function.description } : {}), ...(tool.function.parameters ? { parameters: tool.function.parameters } : {}) }]
      : [],
  );
}
