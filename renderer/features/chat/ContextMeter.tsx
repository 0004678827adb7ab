import { useModelsStore } from '../models/store.js';
import { conversationModel, loadedContextSize, useChatStore } from './store.js';

/** How much of the loaded context the last reply used: its prompt and its completion, against the context size. */
export function ContextMeter() {
  const messages = useChatStore((state) => state.conversation.messages);
  const settings = useChatStore((state) => state.conversation.settings);
  // Subscribed so the meter follows loads and unloads.
  useModelsStore((state) => state.models);
  const model = conversationModel(settings);
  const contextSize = loadedContextSize(model);
  const usage = messages.findLast((message) => message.role === 'assistant' && message.usage)?.usage;
  if (!contextSize) return <span className="context-meter muted">{model ? 'Context: shown once the model is loaded' : ''}</span>;
  const used = usage ? usage.promptTokens + usage.completionTokens : 0;
  const share = Math.min(1, used / contextSize);
  return (
    <div className="context-meter" data-testid="context-meter" title="Prompt and reply tokens of the last reply, against the loaded context size">
      <span>
        Context {used.toLocaleString('en-US')} / {contextSize.toLocaleString('en-US')}
      </span>
      <meter min={0} max={1} low={0.7} high={0.9} optimum={0} value={share} aria-label="Context used by the last reply" />
    </div>
  );
}
