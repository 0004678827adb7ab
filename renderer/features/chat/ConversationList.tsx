import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'wouter';
import { formatExact, formatRelative } from '../../lib/format.js';
import { useChatStore } from './store.js';

/** Each row: a title, a line of time and count, a line of snippet. */
const rowHeight = 62;

/** On a narrow window the list lies over the chat, and goes once a conversation is picked. */
const isOverlay = () => !window.matchMedia('(min-width: 1000px)').matches;

/** The conversations at the side of the chat (Jan's threads): newest first, searchable, with undo after a delete. */
export function ConversationList({ id, onNewChat, onClose }: { id: string; onNewChat(): void; onClose(): void }) {
  const conversations = useChatStore((state) => state.conversations);
  const listedOnce = useChatStore((state) => state.listedOnce);
  const listError = useChatStore((state) => state.listError);
  const deleted = useChatStore((state) => state.deleted);
  const openId = useChatStore((state) => state.conversation.id);
  const isStreaming = useChatStore((state) => state.activeRequestId !== null);
  const [query, setQuery] = useState(useChatStore.getState().query);
  // Years of chats make a long list: only the rows in view are rendered.
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: conversations.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 8 });

  // Search as the user types, a moment after the last key.
  useEffect(() => {
    const timer = setTimeout(() => void useChatStore.getState().search(query), 200);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <aside
      className="conversation-list"
      id={id}
      aria-label="Conversations"
      data-testid="conversation-list"
      onKeyDown={(event) => {
        if (event.key === 'Escape' && isOverlay()) onClose();
      }}
    >
      <div className="conversation-list-head">
        <button type="button" className="primary new-chat" onClick={onNewChat} disabled={isStreaming} data-testid="new-chat" title="New chat (Ctrl+N)">
          New chat
        </button>
        <button type="button" className="ghost list-close" onClick={onClose} aria-label="Close the list" data-testid="close-conversations">
          ✕
        </button>
      </div>
      <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="Search conversations" aria-label="Search conversations" data-testid="conversation-search" />
      {deleted && (
        <div className="undo-note" role="status" data-testid="undo-delete">
          <span>Deleted “{deleted.title}”.</span>
          <button type="button" className="small" onClick={() => void useChatStore.getState().undoRemove()} data-testid="undo-delete-button">
            Undo
          </button>
          <button type="button" className="small ghost" onClick={() => useChatStore.getState().dismissDeleted()} aria-label="Dismiss">
            ×
          </button>
        </div>
      )}
      {listError && (
        <p className="form-error" role="alert">
          {listError}
        </p>
      )}
      {listedOnce && conversations.length === 0 && (
        <p className="muted conversation-empty">{query.trim() ? `Nothing matches “${query.trim()}”.` : 'No conversations yet — your chats are kept here.'}</p>
      )}
      <div className="conversation-scroller" ref={scroller}>
        <ul style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const conversation = conversations[item.index]!;
            return (
              <li key={conversation.id} className="conversation-slot" style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}>
                <Link
                  href={`/chat/${encodeURIComponent(conversation.id)}`}
                  className={conversation.id === openId ? 'conversation-link current' : 'conversation-link'}
                  aria-current={conversation.id === openId ? 'page' : undefined}
                  data-testid="conversation-item"
                  data-conversation-id={conversation.id}
                  // A reply streams into the open conversation: switching waits until it ends (or is stopped).
                  aria-disabled={isStreaming || undefined}
                  onClick={(event) => {
                    if (isStreaming) event.preventDefault();
                    else if (isOverlay()) onClose();
                  }}
                >
                  <span className="conversation-title">{conversation.title}</span>
                  <span className="conversation-meta" title={formatExact(conversation.updatedAt)}>
                    {formatRelative(conversation.updatedAt)} · {conversation.messageCount} messages
                  </span>
                  {conversation.snippet && <span className="conversation-snippet">{conversation.snippet}</span>}
                </Link>
              </li>
            );
          })}
        </ul>
      </div>
    </aside>
  );
}
