/** The rules of a chat that need no server: what a reply sends, how it ended, which model to start with. */
import type { ConversationMessage, ConversationSettings, ReplyStatus } from '../../../common/conversations.js';
import type { ChatTurn, ModelSummary } from '../../../common/ipc/contract.js';

/** A reply never asked for a limit filled the context, and the second turn then failed: ask for this much at most. */
export const defaultMaxTokens = 512;

/** The longest reply a conversation asks for: its own setting, else 512 or a quarter of the loaded context, if smaller. */
export function maxTokensFor(settings: ConversationSettings, contextSize: number | undefined): number {
  if (settings.maxTokens) return settings.maxTokens;
  return contextSize ? Math.max(16, Math.min(defaultMaxTokens, Math.floor(contextSize / 4))) : defaultMaxTokens;
}

/**
 * The turns a reply is generated from: the system prompt, then every message before it. A failed reply is
 * left out (it never happened as far as the model knows), and so is an empty stopped one.
 */
export function requestTurns(settings: ConversationSettings, history: ConversationMessage[]): ChatTurn[] {
  const system: ChatTurn[] = settings.systemPrompt?.trim() ? [{ role: 'system', content: settings.systemPrompt }] : [];
  const turns = history.filter((message) => message.status !== 'error' && !(message.role === 'assistant' && message.content === ''));
  return [...system, ...turns.map(({ role, content }) => ({ role, content }))];
}

/** How a reply ended, from chat:send's finish reason. */
export function replyStatusOf(finishReason: string | null): ReplyStatus {
  if (finishReason === 'cancelled') return 'stopped';
  if (finishReason === 'length') return 'length';
  return 'complete';
}

/** Models that can chat (a template in the file) first, the loaded ones first among them, then by name. */
export function chatModelsFirst(models: ModelSummary[]): ModelSummary[] {
  const rank = (model: ModelSummary) => (model.hasChatTemplate === false ? 2 : 0) + (model.state === 'loaded' ? 0 : 1);
  return [...models].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/**
 * The model a new conversation starts with: the one used last, if it is still there; else a loaded one; else
 * one with a chat template. Never one without a template unless it is loaded (the user chose it then).
 */
export function defaultModel(models: ModelSummary[], lastUsed: string | null): string | null {
  if (lastUsed && models.some((model) => model.id === lastUsed)) return lastUsed;
  const loaded = models.filter((model) => model.state === 'loaded');
  const pick = loaded.find((model) => model.hasChatTemplate !== false) ?? loaded[0] ?? models.find((model) => model.hasChatTemplate === true);
  return pick?.id ?? null;
}

/** "3 earlier messages were left out to fit the model's 2,048-token context." */
export function omittedNote(count: number, contextSize: number | undefined): string {
  const what = count === 1 ? '1 earlier message was' : `${count.toLocaleString('en-US')} earlier messages were`;
  const context = contextSize ? `the model's ${contextSize.toLocaleString('en-US')}-token context` : "the model's context";
  return `${what} left out to fit ${context}.`;
}
