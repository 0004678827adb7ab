import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useModelsStore } from '../models/store.js';
import { useChatStore } from './store.js';

/** A conversation with the selected model; the reply streams in as it is generated. */
export function ChatView() {
  const messages = useChatStore((state) => state.messages);
  const activeRequestId = useChatStore((state) => state.activeRequestId);
  const model = useModelsStore((state) => state.selectedId);
  const { send, cancel, clear } = useChatStore.getState();
  const [draft, setDraft] = useState('');
  const endRef = useRef<HTMLDivElement>(null);
  const isStreaming = activeRequestId !== null;

  // A block body, not an expression: newer browsers return a promise from scrollIntoView, and React
  // would take any returned value for the effect's cleanup function.
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [messages]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!draft.trim() || !model || isStreaming) return;
    void send(draft);
    setDraft('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter starts a new line, as in most chat apps.
    if (event.key === 'Enter' && !event.shiftKey) submit(event);
  };

  return (
    <section className="chat" data-testid="chat-view">
      <div className="section-head">
        <h2>Chat {model && <span className="chat-model" data-testid="chat-model">with {model}</span>}</h2>
        <button className="ghost" onClick={clear} disabled={isStreaming || messages.length === 0}>
          New chat
        </button>
      </div>
      <div className="messages" aria-live="polite">
        {messages.length === 0 && <p className="empty">{model ? 'Send a message to start.' : 'Choose a model to chat with.'}</p>}
        {messages.map((message) => (
          <article key={message.id} className={`message message-${message.role}`} data-testid={`message-${message.role}`} data-streaming={message.id === activeRequestId || undefined}>
            <div className="message-author">{message.role === 'user' ? 'You' : (message.model ?? 'Model')}</div>
            <div className="message-text">{message.content || (message.id === activeRequestId ? '…' : '')}</div>
            {message.error && <div className="form-error" role="alert">{message.error}</div>}
          </article>
        ))}
        <div ref={endRef} />
      </div>
      <form className="composer" onSubmit={submit}>
        <textarea
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={model ? `Message ${model}` : 'No model selected'}
          disabled={!model}
          rows={2}
          data-testid="chat-input"
        />
        {isStreaming ? (
          <button type="button" onClick={() => void cancel()} data-testid="chat-stop">
            Stop
          </button>
        ) : (
          <button type="submit" className="primary" disabled={!draft.trim() || !model} data-testid="chat-send">
            Send
          </button>
        )}
      </form>
    </section>
  );
}
