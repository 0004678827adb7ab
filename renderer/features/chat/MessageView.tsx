import { useRef, useState, type KeyboardEvent } from 'react';
import type { ConversationMessage, MessageSource } from '../../../common/conversations.js';
import { CopyButton } from '../../components/CopyButton.js';
import { Dialog } from '../../components/Dialog.js';
import { Markdown } from './Markdown.js';
import { SpeakButton } from './audio/SpeakButton.js';
import { omittedNote } from './conversation.js';

interface MessageViewProps {
  message: ConversationMessage;
  isStreaming: boolean;
  /** The last reply may be written again; the last user message and earlier ones may be edited. */
  isLastReply: boolean;
  /** Whether actions that start a reply are open now (nothing streaming, a model chosen). */
  canReply: boolean;
  contextSize: number | undefined;
  /** The conversation's voice for Speak. */
  voice?: string;
  onRegenerate(): void;
  onEditAndResend(text: string): void;
}

const statusWords = { stopped: 'Stopped', length: 'Cut at the length limit' } as const;

/** One message: Markdown for replies, plain text for what the user typed, with its actions and notes. */
export function MessageView({ message, isStreaming, isLastReply, canReply, contextSize, voice, onRegenerate, onEditAndResend }: MessageViewProps) {
  const [draft, setDraft] = useState<string | null>(null);
  const textRef = useRef<HTMLDivElement>(null);
  const isUser = message.role === 'user';

  if (isUser && draft !== null) {
    const submit = () => {
      if (!draft.trim()) return;
      onEditAndResend(draft);
      setDraft(null);
    };
    const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault();
        submit();
      }
      if (event.key === 'Escape') setDraft(null);
    };
    return (
      <article className="message message-user message-editing" data-testid="message-user">
        <label className="message-author" htmlFor={`edit-${message.id}`}>
          Edit your message — the replies after it will be replaced
        </label>
        <textarea id={`edit-${message.id}`} value={draft} onChange={(event) => setDraft(event.target.value)} onKeyDown={onKeyDown} rows={3} autoFocus data-testid="edit-input" />
        <div className="message-actions">
          <button type="button" className="small primary" onClick={submit} disabled={!draft.trim() || !canReply} data-testid="edit-send">
            Save and resend
          </button>
          <button type="button" className="small" onClick={() => setDraft(null)}>
            Cancel
          </button>
        </div>
      </article>
    );
  }

  const marker = message.status === 'stopped' || message.status === 'length' ? statusWords[message.status] : null;
  return (
    <>
      {message.omittedTurns ? (
        <p className="omitted-note" role="note" data-testid="omitted-note">
          {omittedNote(message.omittedTurns, contextSize)}
        </p>
      ) : null}
      <article className={`message message-${message.role}`} data-testid={`message-${message.role}`} data-status={message.status} data-streaming={isStreaming || undefined}>
        <div className="message-author">{isUser ? 'You' : (message.model ?? 'Model')}</div>
        <div className="message-text" ref={textRef}>
          {isUser ? message.content : message.content ? <Markdown text={message.content} /> : isStreaming ? '…' : ''}
        </div>
        {marker && (
          <div className={`reply-marker reply-marker-${message.status}`} data-testid="reply-marker">
            {marker}
          </div>
        )}
        {message.status === 'error' && (
          <div className="reply-error" role="alert" data-testid="reply-error">
            <span>{message.content ? 'The reply broke off: ' : ''}{message.error ?? 'The reply failed.'}</span>
            {isLastReply && (
              <button type="button" className="small" onClick={onRegenerate} disabled={!canReply} data-testid="reply-retry">
                Retry
              </button>
            )}
          </div>
        )}
        {message.sources && message.sources.length > 0 && <Citations sources={message.sources} />}
        {!isStreaming && (
          <div className="message-actions">
            {message.content && <CopyButton text={message.content} label="Copy" testId="copy-message" />}
            {!isUser && message.content && <SpeakButton messageId={message.id} getText={() => textRef.current?.innerText || message.content} voice={voice} />}
            {isUser && (
              <button type="button" className="small" onClick={() => setDraft(message.content)} disabled={!canReply} data-testid="edit-message">
                Edit
              </button>
            )}
            {!isUser && isLastReply && message.status !== 'error' && (
              <button type="button" className="small" onClick={onRegenerate} disabled={!canReply} data-testid="regenerate">
                Regenerate
              </button>
            )}
            {message.usage && (
              <span className="reply-stats" data-testid="reply-stats">
                {message.usage.completionTokens.toLocaleString('en-US')} tokens
                {message.usage.tokensPerSecond !== undefined && ` · ${message.usage.tokensPerSecond.toFixed(1)} tokens/s`}
              </span>
            )}
          </div>
        )}
      </article>
    </>
  );
}

/** The passages an answer was grounded in; each opens its full text. */
function Citations({ sources }: { sources: MessageSource[] }) {
  const [open, setOpen] = useState<MessageSource | null>(null);
  return (
    <div className="citations" data-testid="citations">
      <div className="citations-head">Sources</div>
      <ol>
        {sources.map((source) => (
          <li key={`${source.citation}-${source.documentId}`}>
            <button type="button" className="citation" onClick={() => setOpen(source)} data-testid="citation">
              <span className="citation-number">[{source.citation}]</span> <span className="citation-title">{source.documentTitle}</span>
              <span className="muted">
                {' '}
                — {source.datastoreName}
                {source.page !== null ? `, page ${source.page}` : ''} · score {source.score.toFixed(3)}
              </span>
            </button>
          </li>
        ))}
      </ol>
      <Dialog open={open !== null} title={open ? `[${open.citation}] ${open.documentTitle}` : ''} onClose={() => setOpen(null)} wide testId="citation-dialog">
        {open && (
          <>
            <p className="muted">
              From {open.datastoreName}
              {open.page !== null ? `, page ${open.page}` : ''} · score {open.score.toFixed(3)}
            </p>
            <blockquote className="citation-passage" data-testid="citation-passage">
              {open.text}
            </blockquote>
          </>
        )}
      </Dialog>
    </div>
  );
}
