import { useEffect, useRef } from 'react';
import { useSpeechStore } from './speechStore.js';
import './audio.css';

interface SpeakButtonProps {
  messageId: string;
  /** The reply as it reads on screen (Markdown already rendered), so marks are not spoken. */
  getText(): string;
  voice?: string;
}

/** Reads a reply aloud through the server's speech engine; a second press stops it. */
export function SpeakButton({ messageId, getText, voice }: SpeakButtonProps) {
  const speaking = useSpeechStore((state) => (state.speaking?.messageId === messageId ? state.speaking : null));
  const error = useSpeechStore((state) => (state.error?.messageId === messageId ? state.error.text : null));
  const isLoading = speaking !== null && speaking.url === null;
  const player = useRef<HTMLAudioElement>(null);
  // Started by hand rather than by autoplay alone: the speech arrives a while after the press, and a browser
  // that no longer counts that as the user's gesture refuses to play. That refusal is said, not left silent.
  useEffect(() => {
    if (!speaking?.url || !player.current) return;
    player.current.play().catch((error: DOMException) => {
      if (error.name === 'AbortError') return; // stopped, or the next piece took its place
      useSpeechStore.getState().stop();
      useSpeechStore.setState({ error: { messageId, text: `The browser did not start playing the speech (${error.message}). Press Speak again.` } });
    });
  }, [speaking?.url, messageId]);
  // The <audio> goes with the button (another conversation opened, another screen): so does the reading.
  useEffect(
    () => () => {
      if (useSpeechStore.getState().speaking?.messageId === messageId) useSpeechStore.getState().stop();
    },
    [messageId],
  );
  return (
    <>
      <button
        type="button"
        className="small speak-button"
        onClick={() => void useSpeechStore.getState().toggle(messageId, getText(), voice)}
        aria-pressed={speaking !== null}
        aria-label={speaking ? 'Stop reading aloud' : 'Read aloud'}
        data-testid="speak-button"
        data-state={isLoading ? 'loading' : speaking ? 'playing' : 'idle'}
      >
        {isLoading ? 'Preparing…' : speaking ? 'Stop' : 'Speak'}
      </button>
      {speaking?.url && (
        <audio
          ref={player}
          src={speaking.url}
          onEnded={() => void useSpeechStore.getState().next()}
          onError={() => {
            useSpeechStore.getState().stop();
            useSpeechStore.setState({ error: { messageId, text: 'The browser could not play the speech.' } });
          }}
          data-testid="speech-audio"
        />
      )}
      {error && (
        <span className="speak-error" role="alert" data-testid="speak-error">
          {error}
        </span>
      )}
    </>
  );
}
