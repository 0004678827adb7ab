import type { BindingKind } from '../../common/bindings.js';
import type { ChatRequest, CompletionRequest, EmbedRequest, EmbedResult, GenerationResult } from '../engine/types.js';
import { ollamaChat, ollamaComplete, ollamaEmbed, ollamaListModels } from './ollamaUpstream.js';
import { openAiChat, openAiComplete, openAiEmbed, openAiListModels } from './openAiUpstream.js';
import type { UpstreamCall } from './upstreamFetch.js';

/** What one upstream protocol offers the engine. */
export interface UpstreamProtocol {
  chat(call: UpstreamCall, upstreamModel: string, request: ChatRequest): Promise<GenerationResult>;
  complete(call: UpstreamCall, upstreamModel: string, request: CompletionRequest): Promise<GenerationResult>;
  embed(call: UpstreamCall, upstreamModel: string, request: EmbedRequest): Promise<EmbedResult>;
  listModels(call: UpstreamCall): Promise<string[]>;
}

export const upstreamProtocols: Record<BindingKind, UpstreamProtocol> = {
  openai: { chat: openAiChat, complete: openAiComplete, embed: openAiEmbed, listModels: openAiListModels },
  ollama: { chat: ollamaChat, complete: ollamaComplete, embed: ollamaEmbed, listModels: ollamaListModels },
};
