import { useEffect, type RefObject } from 'react';
import { Link } from 'wouter';
import { useNow } from '../../../lib/useNow.js';
import { discoverSectionPath } from '../../discover/sectionLink.js';
import { insertAtCursor } from './insertAtCursor.js';
import { setAutoStopTarget, useDictationStore } from './dictationStore.js';
import './audio.css';

interface MicButtonProps {
  inputRef: RefObject<HTMLTextAreaElement | null>;
  /** The composer's text, and how to change it. */
  draft: string;
  setDraft(value: string): void;
  disabled: boolean;
}

/** The composer's microphone: press to record, press again to transcribe into the message at the caret. */
export function MicButton({ inputRef, draft, setDraft, disabled }: MicButtonProps) {
  const phase = useDictationStore((state) => state.phase);
  const isRecording = phase === 'recording' || phase === 'starting';

  const insert = (text: string) => {
    const input = inputRef.current;
    const selection = input ? { value: input.value, start: input.selectionStart, end: input.selectionEnd } : { value: draft, start: draft.length, end: draft.length };
    const { value, caret } = insertAtCursor(selection, text);
    setDraft(value);
    // After React has put the new value in, so the caret lands after the dictated words.
    requestAnimationFrame(() => {
      inputRef.current?.focus();
      inputRef.current?.setSelectionRange(caret, caret);
    });
  };

  useEffect(() => {
    setAutoStopTarget(insert);
    return () => setAutoStopTarget(null);
  });

  // Esc drops the recording wherever focus is; leaving the chat does too.
  useEffect(() => {
    if (!isRecording) return;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      event.preventDefault();
      event.stopPropagation();
      useDictationStore.getState().cancel();
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => window.removeEventListener('keydown', onKeyDown, true);
  }, [isRecording]);
  useEffect(() => () => useDictationStore.getState().cancel(), []);

  const onClick = async () => {
    const store = useDictationStore.getState();
    if (phase === 'recording') {
      const text = await store.finish();
      if (text) insert(text);
    } else if (phase === 'idle') await store.start();
  };

  return (
    <button
      type="button"
      className={`mic-button${isRecording ? ' is-recording' : ''}`}
      onClick={() => void onClick()}
      disabled={disabled || phase === 'transcribing' || phase === 'starting'}
      aria-pressed={isRecording}
      aria-label={isRecording ? 'Stop recording and insert the text' : 'Dictate: record a message'}
      title={isRecording ? 'Stop and transcribe (Esc cancels)' : 'Dictate'}
      data-testid="mic-button"
      data-phase={phase}
    >
      <MicIcon />
      <span className="mic-label">{isRecording ? 'Stop' : 'Dictate'}</span>
    </button>
  );
}

/** Above the composer: the recording in progress (with its time and how to cancel), the transcription, or why it failed. */
export function DictationStatus() {
  const phase = useDictationStore((state) => state.phase);
  const startedAt = useDictationStore((state) => state.startedAt);
  const error = useDictationStore((state) => state.error);
  const now = useNow(phase === 'recording', 250);
  if (phase === 'recording' || phase === 'starting') {
    const seconds = startedAt ? Math.max(0, Math.floor((now - startedAt) / 1000)) : 0;
    return (
      <div className="dictation-status" role="status" data-testid="dictation-status" data-phase={phase}>
        <span className="recording-dot" aria-hidden />
        {phase === 'starting' ? 'Waiting for the microphone…' : `Recording ${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`}
        <span className="muted"> — press Stop to insert the text, Esc to cancel</span>
        <button type="button" className="small ghost" onClick={() => useDictationStore.getState().cancel()} data-testid="dictation-cancel">
          Cancel
        </button>
      </div>
    );
  }
  if (phase === 'transcribing') {
    return (
      <div className="dictation-status" role="status" data-testid="dictation-status" data-phase={phase}>
        Transcribing…
      </div>
    );
  }
  if (!error) return null;
  return (
    <div className="dictation-status dictation-error" role="alert" data-testid="dictation-error">
      <div className="dictation-message">
        {error.text}
        {error.needsTranscriber && (
          <>
            {' '}
            <Link href={discoverSectionPath('speech-to-text')} data-testid="dictation-discover">
              Download Whisper tiny in Discover
            </Link>{' '}
            (it runs offline), or <a href="#/settings">add a binding in Settings</a>.
          </>
        )}
        {/* The server's own words (a CLI command, an archive URL, a path) help someone setting Hearth up, not everyone. */}
        {error.detail && (
          <details className="dictation-detail" data-testid="dictation-detail">
            <summary>Details</summary>
            <div className="dictation-detail-text">{error.detail}</div>
          </details>
        )}
      </div>
      <button type="button" className="small ghost" onClick={() => useDictationStore.getState().dismissError()} aria-label="Dismiss">
        ✕
      </button>
    </div>
  );
}

function MicIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
      <rect x="9" y="2" width="6" height="12" rx="3" />
      <path d="M5 10a7 7 0 0 0 14 0M12 17v5" />
    </svg>
  );
}
