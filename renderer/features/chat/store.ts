import { create } from 'zustand';
import type { ConversationExportFormat, ConversationMessage, ConversationSettings, ConversationSummary } from '../../../common/conversations.js';
import { ipc } from '../../ipc/client.js';
import { errorText, isServerGone } from '../../lib/errorText.js';
import { useModelsStore } from '../models/store.js';
import { handleUnauthorized, onServerUsable } from '../server/store.js';
import { defaultModel, maxTokensFor, replyStatusOf, requestTurns } from './conversation.js';

/** The conversation on screen; `id` is null until its first message is saved. */
export interface OpenConversation {
  id: string | null;
  title: string;
  settings: ConversationSettings;
  messages: ConversationMessage[];
}

/** A conversation just deleted, which the undo note can bring back from the server's trash. */
export interface DeletedConversation {
  id: string;
  title: string;
}

interface ChatState {
  conversations: ConversationSummary[];
  query: string;
  listedOnce: boolean;
  listError: string | null;
  conversation: OpenConversation;
  /** Why the conversation named in the URL could not be opened, or a save failed. */
  conversationError: string | null;
  /** The assistant message whose reply is streaming, or null. */
  activeRequestId: string | null;
  deleted: DeletedConversation | null;
  refreshList(): Promise<void>;
  search(query: string): Promise<void>;
  /** Opens a stored conversation; resolves false when it could not be read. */
  open(id: string): Promise<boolean>;
  /** A fresh, empty conversation; the one on screen stays in the list. */
  startNew(): void;
  send(text: string): Promise<void>;
  /** Writes the last reply again. */
  regenerate(): Promise<void>;
  /** Replaces a user message's text and answers it again; what came after it goes. */
  editAndResend(messageId: string, text: string): Promise<void>;
  cancel(): Promise<void>;
  updateSettings(patch: Partial<ConversationSettings>): Promise<void>;
  rename(id: string, title: string): Promise<string | null>;
  remove(id: string): Promise<void>;
  undoRemove(): Promise<void>;
  dismissDeleted(): void;
  /** Saves the open conversation again when its last save failed (the server was gone). */
  saveAgain(): Promise<void>;
  /** The file to save: name, type and text. */
  exportFile(id: string, format: ConversationExportFormat): Promise<{ fileName: string; mimeType: string; content: string }>;
}

/** The model used last is every new conversation's default (a per-browser choice, like the API key). */
const lastModelKey = 'hearth.chat.lastModel';
function lastUsedModel(): string | null {
  try {
    return globalThis.localStorage?.getItem(lastModelKey) ?? null;
  } catch {
    return null;
  }
}
function rememberModel(model: string): void {
  try {
    globalThis.localStorage?.setItem(lastModelKey, model);
  } catch {
    // Storage may be off (private windows); the default then is simply not remembered.
  }
}

let counter = 0;
// crypto.randomUUID exists only in secure contexts, and the web UI may be opened over plain http on a LAN name.
const newId = () => `${Date.now().toString(36)}-${(counter++).toString(36)}`;

const emptyConversation = (): OpenConversation => ({ id: null, title: 'New chat', settings: {}, messages: [] });

/** The model a conversation talks to: its own, else the default for new conversations. */
export function conversationModel(settings: ConversationSettings): string | null {
  return settings.model ?? defaultModel(useModelsStore.getState().models, lastUsedModel());
}

/** The loaded context of a model, when it is loaded. */
export function loadedContextSize(model: string | null): number | undefined {
  return useModelsStore.getState().models.find((entry) => entry.id === model || entry.aliases.includes(model ?? ''))?.loaded?.contextSize;
}

/** Whether the last save failed, so the open conversation still differs from the stored one. */
let unsaved = false;

export const useChatStore = create<ChatState>()((set, get) => {
  /** Saves run one after another, so an older state never lands after a newer one. */
  let saving: Promise<unknown> = Promise.resolve();

  const setConversation = (patch: Partial<OpenConversation>) => set({ conversation: { ...get().conversation, ...patch } });

  /** Stores the conversation on screen: created on its first save, then updated wholesale. */
  const save = (): Promise<void> => {
    const run = async () => {
      const { id, settings, messages } = get().conversation;
      try {
        if (id === null) {
          const record = await ipc.call('conversations:create', { settings, messages });
          // The user may have moved on to another conversation while this one was being created.
          if (get().conversation.id === null) setConversation({ id: record.id, title: record.title });
        } else {
          const record = await ipc.call('conversations:update', { id, settings, messages });
          if (get().conversation.id === id) setConversation({ title: record.title });
        }
        set({ conversationError: null });
        unsaved = false;
      } catch (error) {
        handleUnauthorized(error);
        // Saved again once the server is back (a reply cut by a stopped server is kept that way).
        unsaved = true;
        set({ conversationError: isServerGone(error) ? 'Not saved yet: it is saved as soon as Hearth is back.' : `The conversation could not be saved: ${errorText(error)}` });
      }
      void get().refreshList();
    };
    const next = saving.then(run);
    saving = next;
    return next;
  };

  /** Streams a new reply after `history` and saves the conversation before and after. */
  const reply = async (history: ConversationMessage[]): Promise<void> => {
    const { settings } = get().conversation;
    const model = conversationModel(settings);
    if (!model || get().activeRequestId) return;
    rememberModel(model);
    const requestId = newId();
    const pendingReply: ConversationMessage = { id: requestId, role: 'assistant', content: '', createdAt: Date.now(), model };
    setConversation({ messages: [...history, pendingReply], settings: { ...settings, model } });
    set({ activeRequestId: requestId });
    void save();
    let patch: Partial<ConversationMessage>;
    try {
      const result = await ipc.call('chat:send', {
        requestId,
        model,
        messages: requestTurns(settings, history),
        temperature: settings.temperature,
        topP: settings.topP,
        maxTokens: maxTokensFor(settings, loadedContextSize(model)),
        datastoreIds: settings.datastoreIds?.length ? settings.datastoreIds : undefined,
        truncation: 'auto',
      });
      patch = {
        // The final text is authoritative; streamed pieces were a preview of it.
        content: result.text,
        status: replyStatusOf(result.finishReason),
        ...(result.usage ? { usage: { ...result.usage, ...(result.tokensPerSecond !== undefined ? { tokensPerSecond: result.tokensPerSecond } : {}) } } : {}),
        ...(result.sources?.length ? { sources: result.sources } : {}),
        ...(result.omittedMessages ? { omittedTurns: result.omittedMessages } : {}),
      };
    } catch (error) {
      handleUnauthorized(error);
      // What streamed before the failure stays: the reply keeps its text and says what went wrong.
      flushPending();
      patch = { status: 'error', error: errorText(error) };
    } finally {
      pending = '';
      set({ activeRequestId: null });
      // A chat loads its model on first use; show that in the model list.
      void useModelsStore.getState().refresh();
    }
    updateMessage(requestId, patch);
    await save();
  };

  return {
    saveAgain: () => (unsaved ? save() : Promise.resolve()),
    conversations: [],
    query: '',
    listedOnce: false,
    listError: null,
    conversation: emptyConversation(),
    conversationError: null,
    activeRequestId: null,
    deleted: null,

    async refreshList() {
      const query = get().query.trim();
      try {
        const conversations = await ipc.call('conversations:list', query ? { query } : {});
        // A slower answer to an older query must not replace a newer one's.
        if (get().query.trim() === query) set({ conversations, listedOnce: true, listError: null });
      } catch (error) {
        handleUnauthorized(error);
        // With the server gone the banner says so, and the list is read again when it is back: keep what is shown.
        if (!isServerGone(error)) set({ listError: `The conversations could not be listed: ${errorText(error)}` });
      }
    },

    async search(query) {
      set({ query });
      await get().refreshList();
    },

    async open(id) {
      if (get().conversation.id === id) return true;
      // One opened by its URL may be newer than the list.
      if (!get().conversations.some((entry) => entry.id === id)) void get().refreshList();
      try {
        const record = await ipc.call('conversations:get', { id });
        if (!get().activeRequestId) set({ conversation: { id: record.id, title: record.title, settings: record.settings, messages: record.messages }, conversationError: null });
        return true;
      } catch (error) {
        handleUnauthorized(error);
        set({ conversationError: `That conversation could not be opened: ${errorText(error)}` });
        return false;
      }
    },

    startNew() {
      if (get().activeRequestId) return;
      const { model } = get().conversation.settings;
      // A new chat keeps talking to the same model, and starts empty; the old one is already stored.
      set({ conversation: { ...emptyConversation(), settings: model ? { model } : {} }, conversationError: null });
    },

    async send(text) {
      const content = text.trim();
      if (!content || get().activeRequestId) return;
      const history = [...get().conversation.messages, { id: newId(), role: 'user' as const, content, createdAt: Date.now() }];
      await reply(history);
    },

    async regenerate() {
      const { messages } = get().conversation;
      const last = messages.at(-1);
      if (last?.role !== 'assistant') return;
      await reply(messages.slice(0, -1));
    },

    async editAndResend(messageId, text) {
      const content = text.trim();
      const { messages } = get().conversation;
      const index = messages.findIndex((message) => message.id === messageId && message.role === 'user');
      if (index < 0 || !content || get().activeRequestId) return;
      await reply([...messages.slice(0, index), { ...messages[index]!, content }]);
    },

    async cancel() {
      const requestId = get().activeRequestId;
      if (requestId) await ipc.call('chat:cancel', { requestId });
    },

    async updateSettings(patch) {
      const settings: ConversationSettings = { ...get().conversation.settings, ...patch };
      // An emptied field goes back to the default rather than being stored as nothing.
      for (const key of Object.keys(settings) as (keyof ConversationSettings)[]) {
        if (settings[key] === undefined || settings[key] === '') delete settings[key];
      }
      if (patch.model) rememberModel(patch.model);
      setConversation({ settings });
      if (get().conversation.id !== null) await save();
    },

    async rename(id, title) {
      try {
        const record = await ipc.call('conversations:update', { id, title });
        if (get().conversation.id === id) setConversation({ title: record.title });
        await get().refreshList();
        return null;
      } catch (error) {
        handleUnauthorized(error);
        return errorText(error);
      }
    },

    async remove(id) {
      const title = get().conversations.find((entry) => entry.id === id)?.title ?? get().conversation.title;
      try {
        await ipc.call('conversations:delete', { id });
        if (get().conversation.id === id) set({ conversation: emptyConversation() });
        // Gone from the list at once, not when the list is read again below.
        set({ conversations: get().conversations.filter((entry) => entry.id !== id), deleted: { id, title }, listError: null });
      } catch (error) {
        handleUnauthorized(error);
        set({ listError: `"${title}" could not be deleted: ${errorText(error)}` });
      }
      await get().refreshList();
    },

    async undoRemove() {
      const deleted = get().deleted;
      if (!deleted) return;
      try {
        const record = await ipc.call('conversations:restore', { id: deleted.id });
        set({ deleted: null });
        if (get().conversation.id === null && get().conversation.messages.length === 0) {
          set({ conversation: { id: record.id, title: record.title, settings: record.settings, messages: record.messages } });
        }
      } catch (error) {
        handleUnauthorized(error);
        set({ listError: `"${deleted.title}" could not be restored: ${errorText(error)}` });
      }
      await get().refreshList();
    },

    dismissDeleted() {
      set({ deleted: null });
    },

    exportFile(id, format) {
      return ipc.call('conversations:export', { id, format });
    },
  };
});

function updateMessage(id: string, patch: Partial<ConversationMessage>): void {
  const { conversation } = useChatStore.getState();
  useChatStore.setState({ conversation: { ...conversation, messages: conversation.messages.map((message) => (message.id === id ? { ...message, ...patch } : message)) } });
}

// A tiny model streams hundreds of pieces a second; rendering each one would starve the page,
// so pieces are gathered and applied at most every 50 ms.
let pending = '';
let pendingFor: string | null = null;
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function flushPending(): void {
  if (flushTimer) clearTimeout(flushTimer);
  flushTimer = null;
  const requestId = pendingFor;
  const delta = pending;
  pending = '';
  if (!requestId || !delta || useChatStore.getState().activeRequestId !== requestId) return;
  const message = useChatStore.getState().conversation.messages.find((entry) => entry.id === requestId);
  if (message) updateMessage(requestId, { content: message.content + delta });
}

ipc.on('chat:onDidStream', ({ requestId, delta }) => {
  if (useChatStore.getState().activeRequestId !== requestId) return;
  if (pendingFor !== requestId) pending = '';
  pendingFor = requestId;
  pending += delta;
  flushTimer ??= setTimeout(flushPending, 50);
});

// The list is read once the server answers, and again after a reconnect or a key change.
onServerUsable(() => {
  void useChatStore.getState().saveAgain();
  void useChatStore.getState().refreshList();
});
