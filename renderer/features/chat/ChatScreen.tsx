import { Link } from 'wouter';
import { useModelsStore } from '../models/store.js';
import { ChatView } from './ChatView.js';

const stateWords = { unloaded: 'on disk', loading: 'loading…', loaded: 'loaded', unloading: 'unloading…', error: 'failed' } as const;

/** The chat route: a model picker above the conversation (LM Studio's layout); a model loads on its first message. */
export function ChatScreen() {
  const models = useModelsStore((state) => state.models);
  const selectedId = useModelsStore((state) => state.selectedId);
  const select = useModelsStore((state) => state.select);
  return (
    <div className="chat-screen" data-testid="chat-screen">
      <div className="model-picker">
        <label htmlFor="chat-model-picker">Model</label>
        {models.length > 0 ? (
          <select id="chat-model-picker" value={selectedId ?? ''} onChange={(event) => select(event.target.value)} data-testid="model-picker">
            {models.map((model) => (
              <option key={model.id} value={model.id}>
                {model.id} ({stateWords[model.state]})
              </option>
            ))}
          </select>
        ) : (
          <span className="muted">
            No models yet — <Link href="/discover">find one to download</Link>.
          </span>
        )}
      </div>
      <ChatView />
    </div>
  );
}
