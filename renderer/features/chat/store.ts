import { create } from 'zustand';
import type { ChatTurn } from '../../../common/ipc/contract.js';
import { ipc } from '../../ipc/client.js';
import { handleUnauthorized } from '../server/store.js';
import { useModelsStore } from '../models/store.js';

export interface ChatMessage extends ChatTurn {
  id: string;
  /** The model that wrote an assistant message. */
  model?: string;
  error?: string;
}

interface ChatState {
  messages: ChatMessage[];
  /** The request whose reply is streaming, or null. */
  activeRequestId: string | null;
  send(text: string): Promise<void>;
  cancel(): Promise<void>;
  clear(): void;
}

let counter = 0;
// crypto.randomUUID exists only in secure contexts, and the web UI may be opened over plain http on a LAN name.
const newId = () => `${Date.now().toString(36)}-${(counter++).toString(36)}`;

export const useChatStore = create<ChatState>()((set, get) => ({
  messages: [],
  activeRequestId: null,

  async send(text) {
    const model = useModelsStore.getState().selectedId;
    const content = text.trim();
    if (!model || !content || get().activeRequestId) return;
    const requestId = newId();
    const history = [...get().messages.filter((message) => !message.error), { id: newId(), role: 'user' as const, content }];
    set({ messages: [...history, { id: requestId, role: 'assistant', content: '', model }], activeRequestId: requestId });
    try {
      const reply = await ipc.call('chat:send', { requestId, model, messages: history.map(({ role, content }) => ({ role, content })) });
      // The final text is authoritative; streamed pieces were a preview of it.
      pending = '';
      updateMessage(requestId, { content: reply.text });
    } catch (error) {
      handleUnauthorized(error);
      updateMessage(requestId, { error: (error as Error).message });
    } finally {
      set({ activeRequestId: null });
      // A chat loads its model on first use; show that in the model list.
      void useModelsStore.getState().refresh();
    }
  },

  async cancel() {
    const requestId = get().activeRequestId;
    if (requestId) await ipc.call('chat:cancel', { requestId });
  },

  clear() {
    if (!get().activeRequestId) set({ messages: [] });
  },
}));

function updateMessage(id: string, patch: Partial<ChatMessage>): void {
  useChatStore.setState((state) => ({ messages: state.messages.map((message) => (message.id === id ? { ...message, ...patch } : message)) }));
}

// A tiny model streams hundreds of pieces a second; rendering each one would starve the page,
// so pieces are gathered and applied at most every 50 ms.
let pending = '';
let pendingFor: string | null = null;
let flushTimer: ReturnType<typeof setTimeout> | null = null;

function flushPending(): void {
  flushTimer = null;
  const requestId = pendingFor;
  const delta = pending;
  pending = '';
  if (!requestId || !delta || useChatStore.getState().activeRequestId !== requestId) return;
  useChatStore.setState((state) => ({
    messages: state.messages.map((message) => (message.id === requestId ? { ...message, content: message.content + delta } : message)),
  }));
}

ipc.on('chat:onDidStream', ({ requestId, delta }) => {
  if (useChatStore.getState().activeRequestId !== requestId) return;
  if (pendingFor !== requestId) pending = '';
  pendingFor = requestId;
  pending += delta;
  flushTimer ??= setTimeout(flushPending, 50);
});
