import { useEffect, useState, type FormEvent } from 'react';
import type { ConversationSettings } from '../../../common/conversations.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNote } from '../../components/Notes.js';
import { useDatastoresStore } from '../datastores/store.js';
import { defaultMaxTokens } from './conversation.js';
import { VoicePicker } from './audio/VoicePicker.js';
import { useChatStore } from './store.js';

interface Draft {
  systemPrompt: string;
  temperature: string;
  topP: string;
  maxTokens: string;
  datastoreIds: string[];
  voice: string;
}

const draftOf = (settings: ConversationSettings): Draft => ({
  systemPrompt: settings.systemPrompt ?? '',
  temperature: settings.temperature?.toString() ?? '',
  topP: settings.topP?.toString() ?? '',
  maxTokens: settings.maxTokens?.toString() ?? '',
  datastoreIds: settings.datastoreIds ?? [],
  voice: settings.voice ?? '',
});

/** A number field's value, or undefined when left empty (the default then applies); NaN when not a number. */
const numberOf = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text));

/** What a conversation is sent with: system prompt, sampling, the longest reply, the datastores it is grounded in. */
export function SettingsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const settings = useChatStore((state) => state.conversation.settings);
  const datastores = useDatastoresStore((state) => state.datastores);
  const datastoresError = useDatastoresStore((state) => state.error);
  const [draft, setDraft] = useState<Draft>(draftOf(settings));
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!open) return;
    setDraft(draftOf(useChatStore.getState().conversation.settings));
    setError(null);
    void useDatastoresStore.getState().refresh();
  }, [open]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const temperature = numberOf(draft.temperature);
    const topP = numberOf(draft.topP);
    const maxTokens = numberOf(draft.maxTokens);
    if (temperature !== undefined && !(temperature >= 0 && temperature <= 2)) return setError('Temperature is a number from 0 to 2.');
    if (topP !== undefined && !(topP >= 0 && topP <= 1)) return setError('Top-p is a number from 0 to 1.');
    if (maxTokens !== undefined && !(Number.isInteger(maxTokens) && maxTokens >= 1)) return setError('Max tokens is a whole number of 1 or more.');
    await useChatStore.getState().updateSettings({
      systemPrompt: draft.systemPrompt.trim() ? draft.systemPrompt : undefined,
      temperature,
      topP,
      maxTokens,
      datastoreIds: draft.datastoreIds.length ? draft.datastoreIds : undefined,
      voice: draft.voice || undefined,
    });
    onClose();
  };

  const toggleDatastore = (id: string, on: boolean) =>
    setDraft({ ...draft, datastoreIds: on ? [...draft.datastoreIds, id] : draft.datastoreIds.filter((other) => other !== id) });

  return (
    <Dialog open={open} title="Conversation settings" onClose={onClose} testId="chat-settings">
      <form className="chat-settings-form" onSubmit={(event) => void submit(event)}>
        <label htmlFor="chat-system-prompt">System prompt</label>
        <textarea
          id="chat-system-prompt"
          rows={4}
          value={draft.systemPrompt}
          onChange={(event) => setDraft({ ...draft, systemPrompt: event.target.value })}
          placeholder="Instructions the model reads before the conversation (optional)"
          data-testid="chat-system-prompt"
        />
        <div className="chat-settings-numbers">
          <div>
            <label htmlFor="chat-temperature">Temperature</label>
            <input id="chat-temperature" type="number" min={0} max={2} step={0.1} inputMode="decimal" value={draft.temperature} placeholder="model default" onChange={(event) => setDraft({ ...draft, temperature: event.target.value })} data-testid="chat-temperature" />
          </div>
          <div>
            <label htmlFor="chat-top-p">Top-p</label>
            <input id="chat-top-p" type="number" min={0} max={1} step={0.05} inputMode="decimal" value={draft.topP} placeholder="model default" onChange={(event) => setDraft({ ...draft, topP: event.target.value })} data-testid="chat-top-p" />
          </div>
          <div>
            <label htmlFor="chat-max-tokens">Max tokens</label>
            <input id="chat-max-tokens" type="number" min={1} step={1} inputMode="numeric" value={draft.maxTokens} placeholder={`${defaultMaxTokens} or ¼ of the context`} onChange={(event) => setDraft({ ...draft, maxTokens: event.target.value })} data-testid="chat-max-tokens" />
          </div>
        </div>
        <fieldset className="chat-settings-datastores">
          <legend>Datastores to answer from</legend>
          {datastoresError && <p className="form-error">{datastoresError}</p>}
          {datastores.length === 0 && !datastoresError && <p className="muted">No datastores yet — make one on the Datastores screen, then attach it here.</p>}
          {datastores.map((datastore) => (
            <label key={datastore.id} className="checkbox-row">
              <input type="checkbox" checked={draft.datastoreIds.includes(datastore.id)} onChange={(event) => toggleDatastore(datastore.id, event.target.checked)} data-testid={`attach-${datastore.name}`} />
              {datastore.name} <span className="muted">({datastore.documentCount === 1 ? '1 document' : `${datastore.documentCount} documents`})</span>
            </label>
          ))}
        </fieldset>
        <VoicePicker value={draft.voice} onChange={(voice) => setDraft({ ...draft, voice })} />
        <ErrorNote>{error}</ErrorNote>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="chat-settings-save">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
