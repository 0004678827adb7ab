import { useEffect, useRef, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { useModelsStore } from '../models/store.js';
import { ChatView } from './ChatView.js';
import { ConversationActions } from './ConversationActions.js';
import { ConversationList } from './ConversationList.js';
import { ContextMeter } from './ContextMeter.js';
import { SettingsDialog } from './SettingsDialog.js';
import { chatModelsFirst } from './conversation.js';
import { isStillOn } from '../../lib/routePath.js';
import { conversationModel, useChatStore } from './store.js';
import './chat.css';

const stateWords = { unloaded: 'on disk', loading: 'loading…', loaded: 'loaded', unloading: 'unloading…', error: 'failed' } as const;

/** Wide windows show the list beside the chat; narrow ones start with it folded away. */
const startsWithList = () => typeof window === 'undefined' || window.matchMedia('(min-width: 1000px)').matches;

/**
 * The chat route, `#/chat/<id>`: the conversations at the side, a model picker and the conversation's own
 * settings above it (LM Studio's layout). The URL names the open conversation, so a reload reopens it.
 */
export function ChatScreen({ conversationId }: { conversationId: string | null }) {
  const [, navigate] = useLocation();
  const openId = useChatStore((state) => state.conversation.id);
  const conversationError = useChatStore((state) => state.conversationError);
  const [showList, setShowList] = useState(startsWithList);
  const [showSettings, setShowSettings] = useState(false);

  // The URL and the open conversation follow each other. A link or a reload opens the one the URL names;
  // the plain #/chat (the rail) shows the open one's id.
  useEffect(() => {
    if (!isStillOn('/chat')) return;
    const open = useChatStore.getState().conversation.id;
    if (conversationId && conversationId !== open) void useChatStore.getState().open(conversationId);
    else if (!conversationId && open) navigate(`/chat/${encodeURIComponent(open)}`, { replace: true });
  }, [conversationId, navigate]);
  // A conversation saved for the first time, a new chat or a deleted one changes the URL to match.
  const previousOpenId = useRef(openId);
  useEffect(() => {
    if (previousOpenId.current === openId) return;
    previousOpenId.current = openId;
    if (!isStillOn('/chat')) return;
    navigate(openId ? `/chat/${encodeURIComponent(openId)}` : '/chat', { replace: openId !== null });
  }, [openId, navigate]);

  const newChat = () => useChatStore.getState().startNew();
  // Conversations made elsewhere (another window, the API) show up when the screen is opened.
  useEffect(() => void useChatStore.getState().refreshList(), []);

  // Ctrl/Cmd+N starts a new chat where the platform lets a page have it (the desktop app; browsers keep it).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && !event.shiftKey && !event.altKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        newChat();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  });

  return (
    <div className={`chat-screen${showList ? ' with-list' : ''}`} data-testid="chat-screen">
      {showList && <ConversationList id="conversation-list" onNewChat={newChat} onClose={() => setShowList(false)} />}
      <div className="chat-main">
        <div className="chat-toolbar">
          <button type="button" className="small" aria-expanded={showList} aria-controls="conversation-list" onClick={() => setShowList(!showList)} data-testid="toggle-conversations">
            {showList ? 'Hide list' : 'Conversations'}
          </button>
          <ModelPicker />
          <button type="button" className="small" onClick={() => setShowSettings(true)} data-testid="open-chat-settings">
            Settings
          </button>
        </div>
        <div className="chat-subbar">
          <ConversationActions />
          <ContextMeter />
        </div>
        {conversationError && (
          <p className="form-error chat-error" role="alert" data-testid="conversation-error">
            {conversationError}
          </p>
        )}
        <ChatView />
      </div>
      <SettingsDialog open={showSettings} onClose={() => setShowSettings(false)} />
    </div>
  );
}

/** The open conversation's model: models that can chat first, the rest marked. */
function ModelPicker() {
  const models = useModelsStore((state) => state.models);
  const settings = useChatStore((state) => state.conversation.settings);
  const isStreaming = useChatStore((state) => state.activeRequestId !== null);
  const model = conversationModel(settings);
  if (models.length === 0) {
    return (
      <span className="muted model-picker">
        No models yet — <Link href="/discover">find one to download</Link>.
      </span>
    );
  }
  return (
    <div className="model-picker">
      <label htmlFor="chat-model-picker">Model</label>
      <select
        id="chat-model-picker"
        value={model ?? ''}
        disabled={isStreaming}
        onChange={(event) => {
          void useChatStore.getState().updateSettings({ model: event.target.value });
          useModelsStore.getState().select(event.target.value);
        }}
        data-testid="model-picker"
      >
        {!model && <option value="">Choose a model</option>}
        {chatModelsFirst(models).map((entry) => (
          <option key={entry.id} value={entry.id}>
            {entry.id} ({stateWords[entry.state]}{entry.hasChatTemplate === false ? ', no chat template' : ''})
          </option>
        ))}
      </select>
    </div>
  );
}
