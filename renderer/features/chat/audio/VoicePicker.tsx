import { useEffect } from 'react';
import { useSpeechStore } from './speechStore.js';

/** The voice a conversation's replies are read aloud in; empty is the server's default (alloy). */
export function VoicePicker({ value, onChange }: { value: string; onChange(voice: string): void }) {
  const voices = useSpeechStore((state) => state.voices);
  useEffect(() => {
    if (useSpeechStore.getState().voices.length === 0) void useSpeechStore.getState().loadVoices();
  }, []);
  // OpenAI's names first (they stand for local voices), then the engine's own; a saved voice no longer offered stays shown.
  const known = voices.some((voice) => voice.id === value);
  return (
    <div className="voice-picker">
      <label htmlFor="chat-voice">Voice for Speak</label>
      <select id="chat-voice" value={value} onChange={(event) => onChange(event.target.value)} data-testid="chat-voice">
        <option value="">Default</option>
        {value && !known && <option value={value}>{value}</option>}
        {voices.map((voice) => (
          <option key={voice.id} value={voice.id}>
            {voice.aliasOf ? `${voice.name} (${voice.aliasOf})` : `${voice.name}${voice.language ? ` — ${voice.language}` : ''}`}
          </option>
        ))}
      </select>
    </div>
  );
}
