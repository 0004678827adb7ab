import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useDatastoresStore } from '../datastores/store.js';
import { useModelsStore } from '../models/store.js';
import { MessageView } from './MessageView.js';
import { DictationStatus, MicButton } from './audio/Dictation.js';
import { conversationModel, loadedContextSize, useChatStore } from './store.js';

/** The open conversation and the composer; the reply streams in as it is generated. */
export function ChatView() {
  const messages = useChatStore((state) => state.conversation.messages);
  const settings = useChatStore((state) => state.conversation.settings);
  const activeRequestId = useChatStore((state) => state.activeRequestId);
  // Subscribed so the default model and the context size follow the model list.
  useModelsStore((state) => state.models);
  const datastores = useDatastoresStore((state) => state.datastores);
  const model = conversationModel(settings);
  const [draft, setDraft] = useState('');
  const endRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const isStreaming = activeRequestId !== null;
  const canReply = !isStreaming && model !== null;
  const contextSize = loadedContextSize(model);
  const lastReplyId = messages.at(-1)?.role === 'assistant' ? messages.at(-1)!.id : null;
  const attached = (settings.datastoreIds ?? []).map((id) => datastores.find((datastore) => datastore.id === id)?.name ?? id);

  // A block body, not an expression: newer browsers return a promise from scrollIntoView, and React
  // would take any returned value for the effect's cleanup function.
  useEffect(() => {
    endRef.current?.scrollIntoView({ block: 'end' });
  }, [messages]);
  useEffect(() => {
    if (settings.datastoreIds?.length && !useDatastoresStore.getState().listedOnce) void useDatastoresStore.getState().refresh();
  }, [settings.datastoreIds]);

  const submit = (event?: FormEvent) => {
    event?.preventDefault();
    if (!draft.trim() || !canReply) return;
    void useChatStore.getState().send(draft);
    setDraft('');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends; Shift+Enter starts a new line, as in most chat apps; Esc stops a reply.
    if (event.key === 'Enter' && !event.shiftKey) submit(event);
    if (event.key === 'Escape' && isStreaming) void useChatStore.getState().cancel();
  };

  return (
    <section className="chat" data-testid="chat-view" aria-label="Conversation">
      <div className="messages" aria-live="polite">
        {messages.length === 0 && (
          <div className="empty">
            {model ? (
              <p>Send a message to start. The conversation is kept; find it again in the list.</p>
            ) : (
              <p>Choose a model to chat with — one marked as having a chat template answers best.</p>
            )}
          </div>
        )}
        {messages.map((message) => (
          <MessageView
            key={message.id}
            message={message}
            isStreaming={message.id === activeRequestId}
            isLastReply={message.id === lastReplyId}
            canReply={canReply}
            contextSize={contextSize}
            voice={settings.voice}
            onRegenerate={() => void useChatStore.getState().regenerate()}
            onEditAndResend={(text) => void useChatStore.getState().editAndResend(message.id, text)}
          />
        ))}
        <div ref={endRef} />
      </div>
      {attached.length > 0 && (
        <p className="attached-datastores muted" data-testid="attached-datastores">
          Answers draw on: {attached.join(', ')}
        </p>
      )}
      <DictationStatus />
      <form className="composer" onSubmit={submit}>
        <textarea
          ref={inputRef}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          placeholder={model ? `Message ${model} (Enter sends, Shift+Enter new line)` : 'No model selected'}
          aria-label="Message"
          disabled={!model}
          rows={2}
          data-testid="chat-input"
        />
        <MicButton inputRef={inputRef} draft={draft} setDraft={setDraft} disabled={!model} />
        {isStreaming ? (
          <button type="button" onClick={() => void useChatStore.getState().cancel()} data-testid="chat-stop" title="Stop (Esc)">
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
