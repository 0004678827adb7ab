import type { ChatSource } from '../../common/api/openai.js';
import { EngineBusyError } from '../../common/errors.js';
import type { SearchResult } from '../../common/rag.js';
import type { Engine } from '../engine/Engine.js';
import type { ChatMessage } from '../engine/types.js';
import type { Logger } from '../log.js';
import type { Actor } from './access.js';
import type { RagService } from './RagService.js';

export interface GroundChatOptions {
  actor: Actor;
  /** The resolved chat model id. */
  model: string;
  messages: ChatMessage[];
  datastoreIds: readonly string[];
  /** Tokens the answer may take (the request's max_tokens); default a quarter of the context. */
  maxTokens?: number;
  /** Passages retrieved at most, across all datastores, before they are fitted into the context; default 5. */
  topK?: number;
  logger?: Logger;
}

export interface GroundedChat {
  /** The request's messages, the last user message carrying the passages that fit. */
  messages: ChatMessage[];
  /** The passages in the prompt, in their cited order (as both chat families send them): fewer than retrieved when the context is short. */
  sources: ChatSource[];
  retrieved: number;
}

/** The engine calls grounding makes. */
export type GroundChatEngine = Pick<Engine, 'load' | 'chatPromptTokens'>;

const defaultTopK = 5;
/** The query route's own limit (common/rag.ts): a pasted document's tail adds little to a search and much to its cost. */
const maxQueryCharacters = 10_000;

/**
 * Chat with datastores: searches each (hybrid, with the last user message as the query, each datastore by
 * its own embedding model), ranks the passages of all of them together by score, and puts as many as fit
 * into the last user message, numbered for citation. Every candidate prompt is measured through the
 * model's chat template, so the prompt plus the answer's room never passes the context: a short context
 * gets fewer passages, never an overflow. The passages go into that user message rather than a system
 * message, so the conversation before it stays the cached prefix of the next turn, the model's configured
 * system prompt stays in force, and templates without a system role work alike.
 * Another user's private datastore, or a missing one, is a 404 before anything is searched.
 */
export async function groundChat(rag: RagService, engine: GroundChatEngine, options: GroundChatOptions): Promise<GroundedChat> {
  const datastores = [...new Set(options.datastoreIds)].map((id) => rag.readable(options.actor, id));
  const userIndex = options.messages.findLastIndex((message) => message.role === 'user');
  const query = userIndex >= 0 ? options.messages[userIndex]!.content.trim().slice(0, maxQueryCharacters) : '';
  if (!query) return { messages: options.messages, sources: [], retrieved: 0 };

  const topK = options.topK ?? defaultTopK;
  const found = await Promise.all(datastores.map(async (datastore) => (await rag.search(datastore, query, { mode: 'hybrid', topK })).map((result) => ({ result, datastoreName: datastore.record.name }))));
  // Reciprocal-rank scores depend on ranks alone, so the lists of several datastores compare fairly.
  const ranked = found.flat().sort((a, b) => b.result.score - a.result.score).slice(0, topK);

  const contextSize = (await engine.load(options.model)).loaded?.contextSize;
  if (contextSize === undefined) throw new EngineBusyError(`The model '${options.model}' was unloaded before the passages could be fitted; try again.`, 1);
  const answerRoom = Math.min(options.maxTokens ?? Math.floor(contextSize / 4), Math.floor(contextSize / 2));
  const budget = contextSize - answerRoom;

  // Best first; a passage too long for what is left is skipped, and a shorter one after it may still fit.
  let chosen: typeof ranked = [];
  let promptTokens = 0;
  for (const candidate of ranked) {
    const trial = [...chosen, candidate];
    const tokens = await engine.chatPromptTokens(options.model, withPassages(options.messages, userIndex, trial));
    if (tokens > budget) continue;
    chosen = trial;
    promptTokens = tokens;
  }
  const sources = chosen.map(({ result, datastoreName }, index) => toChatSource(result, index + 1, datastoreName));
  options.logger?.info({ datastores: datastores.map((d) => d.id), retrieved: ranked.length, used: sources.length, promptTokens, contextSize }, 'chat grounded in datastores');
  return { messages: chosen.length > 0 ? withPassages(options.messages, userIndex, chosen) : options.messages, sources, retrieved: ranked.length };
}

function withPassages(messages: ChatMessage[], userIndex: number, passages: ReadonlyArray<{ result: SearchResult }>): ChatMessage[] {
  const numbered = passages.map(({ result }, index) => `[${index + 1}] ${label(result)}\n${result.text.trim()}`).join('\n\n');
  const content =
    'Passages from the datastores named for this conversation. Where they support your answer, cite them by number, like [1]; ' +
    `if they do not cover the question, say so.\n\n${numbered}\n\n---\n\n${messages[userIndex]!.content}`;
  return messages.map((message, index) => (index === userIndex ? { ...message, content } : message));
}

function label(result: SearchResult): string {
  const source = result.sourceName !== result.documentTitle && result.sourceName !== 'text' ? ` (${result.sourceName})` : '';
  const page = result.position.page ? `, page ${result.position.page}` : '';
  return `${result.documentTitle}${source}${page}`;
}

function toChatSource(result: SearchResult, citation: number, datastoreName: string): ChatSource {
  return {
    citation,
    datastore_id: result.datastoreId,
    datastore_name: datastoreName,
    document_id: result.documentId,
    document_title: result.documentTitle,
    source_name: result.sourceName,
    chunk_id: result.chunkId,
    text: result.text,
    position: result.position,
    score: result.score,
  };
}
