import { useState, type FormEvent } from 'react';
import { assistantDatastoreIds, type Assistant, type AssistantResponseFormat, type AssistantTool, type CreateAssistantRequest } from '../../../common/assistants.js';
import { Dialog } from '../../components/Dialog.js';
import { ErrorNote } from '../../components/Notes.js';
import { useDatastoresStore } from '../datastores/store.js';
import { useModelsStore } from '../models/store.js';
import { useAssistantsStore } from './store.js';

type FormatChoice = 'auto' | 'json_object' | 'json_schema';

const formatChoiceOf = (format: AssistantResponseFormat): FormatChoice => (format === 'auto' || format.type === 'text' ? 'auto' : format.type);
const numberText = (value: number | null | undefined) => (value == null ? '' : String(value));

/** A number in range, null for blank (the model's own default), or the problem in words. */
function parseOptional(text: string, label: string, max: number): number | null | string {
  if (text.trim() === '') return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= 0 && value <= max ? value : `${label} is a number from 0 to ${max}, or blank for the model's default.`;
}

/** What the form sends: the fields it shows, with the file_search tool kept in step with the datastores attached. */
function toRequest(fields: { name: string; description: string; model: string; instructions: string; temperature: number | null; topP: number | null; format: FormatChoice; datastoreIds: string[] }, current: Assistant | null): CreateAssistantRequest {
  const otherTools: AssistantTool[] = (current?.tools ?? []).filter((tool) => tool.type !== 'file_search');
  const response_format: AssistantResponseFormat = fields.format === 'json_object' ? { type: 'json_object' } : fields.format === 'json_schema' && current ? current.response_format : 'auto';
  return {
    name: fields.name.trim(),
    description: fields.description.trim() || null,
    model: fields.model,
    instructions: fields.instructions.trim() || null,
    temperature: fields.temperature,
    top_p: fields.topP,
    response_format,
    tools: fields.datastoreIds.length > 0 ? [...otherTools, { type: 'file_search' }] : otherTools,
    tool_resources: { file_search: { vector_store_ids: fields.datastoreIds } },
  };
}

/** Create (assistant null) or edit an assistant, in a modal. */
export function AssistantForm({ assistant, onClose }: { assistant: Assistant | null; onClose(): void }) {
  const models = useModelsStore((state) => state.models);
  const datastores = useDatastoresStore((state) => state.datastores);
  const [name, setName] = useState(assistant?.name ?? '');
  const [description, setDescription] = useState(assistant?.description ?? '');
  const [model, setModel] = useState(assistant?.model ?? models.find((m) => m.hasChatTemplate !== false)?.id ?? models[0]?.id ?? '');
  const [instructions, setInstructions] = useState(assistant?.instructions ?? '');
  const [temperature, setTemperature] = useState(numberText(assistant?.temperature));
  const [topP, setTopP] = useState(numberText(assistant?.top_p));
  const [format, setFormat] = useState<FormatChoice>(assistant ? formatChoiceOf(assistant.response_format) : 'auto');
  const [datastoreIds, setDatastoreIds] = useState<string[]>(assistant ? assistantDatastoreIds(assistant) : []);
  const [error, setError] = useState<string | null>(null);
  const [isSaving, setSaving] = useState(false);

  // Chat-capable models first; the assistant's own model stays offered even when it is not on disk now.
  const ranked = [...models].sort((a, b) => Number(a.hasChatTemplate === false) - Number(b.hasChatTemplate === false) || a.id.localeCompare(b.id));
  const modelIds = ranked.map((m) => m.id);
  if (model && !modelIds.includes(model)) modelIds.unshift(model);
  const attachable = [...datastores.map((d) => ({ id: d.id, name: d.name })), ...datastoreIds.filter((id) => !datastores.some((d) => d.id === id)).map((id) => ({ id, name: id }))];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const temperatureValue = parseOptional(temperature, 'Temperature', 2);
    const topPValue = parseOptional(topP, 'Top-p', 1);
    const problem = [temperatureValue, topPValue].find((value) => typeof value === 'string');
    if (problem) return setError(problem as string);
    setSaving(true);
    const fields = { name, description, model, instructions, temperature: temperatureValue as number | null, topP: topPValue as number | null, format, datastoreIds };
    const failure = await useAssistantsStore.getState().save(assistant?.id ?? null, toRequest(fields, assistant));
    setSaving(false);
    setError(failure);
    if (!failure) onClose();
  };

  return (
    <Dialog open title={assistant ? `Edit “${assistant.name ?? assistant.id}”` : 'New assistant'} onClose={onClose} wide testId="assistant-form">
      <form className="form assistant-form" onSubmit={submit} noValidate>
        <div className="fields assistant-identity">
          <div className="field">
            <label htmlFor="assistant-name">Name</label>
            <input id="assistant-name" value={name} onChange={(event) => setName(event.target.value)} placeholder="e.g. Support helper" required autoFocus data-testid="assistant-name" />
          </div>
          <div className="field">
            <label htmlFor="assistant-model">Model</label>
            <select id="assistant-model" value={model} onChange={(event) => setModel(event.target.value)} required data-testid="assistant-model">
              {modelIds.length === 0 && <option value="">No models yet</option>}
              {modelIds.map((id) => {
                const info = models.find((m) => m.id === id);
                return (
                  <option key={id} value={id}>
                    {id}
                    {!info ? ' (not on disk)' : info.hasChatTemplate === false ? ' (no chat template)' : ''}
                  </option>
                );
              })}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor="assistant-description">Description</label>
          <input id="assistant-description" value={description} onChange={(event) => setDescription(event.target.value)} placeholder="What it is for (optional)" maxLength={512} />
        </div>
        <div className="field">
          <label htmlFor="assistant-instructions">Instructions</label>
          <textarea id="assistant-instructions" value={instructions} onChange={(event) => setInstructions(event.target.value)} rows={5} placeholder="The system message every chat with it starts with" data-testid="assistant-instructions" />
        </div>
        <div className="fields">
          <div className="field">
            <label htmlFor="assistant-temperature">Temperature</label>
            <input id="assistant-temperature" inputMode="decimal" value={temperature} onChange={(event) => setTemperature(event.target.value)} placeholder="model default" data-testid="assistant-temperature" />
          </div>
          <div className="field">
            <label htmlFor="assistant-top-p">Top-p</label>
            <input id="assistant-top-p" inputMode="decimal" value={topP} onChange={(event) => setTopP(event.target.value)} placeholder="model default" />
          </div>
          <div className="field">
            <label htmlFor="assistant-format">Response format</label>
            <select id="assistant-format" value={format} onChange={(event) => setFormat(event.target.value as FormatChoice)} data-testid="assistant-format">
              <option value="auto">Text</option>
              <option value="json_object">JSON object</option>
              {format === 'json_schema' && <option value="json_schema">JSON schema (set through the API)</option>}
            </select>
          </div>
        </div>
        <fieldset className="picks assistant-datastores">
          <legend>Datastores to answer from</legend>
          {attachable.length === 0 ? (
            <p className="hint">No datastores yet. Make one on the Datastores screen to ground this assistant's answers.</p>
          ) : (
            attachable.map((datastore) => (
              <label key={datastore.id} className={datastoreIds.includes(datastore.id) ? 'pick chosen' : 'pick'}>
                <input
                  type="checkbox"
                  checked={datastoreIds.includes(datastore.id)}
                  onChange={(event) => setDatastoreIds(event.target.checked ? [...datastoreIds, datastore.id] : datastoreIds.filter((id) => id !== datastore.id))}
                />
                {datastore.name}
              </label>
            ))
          )}
        </fieldset>
        <ErrorNote testId="assistant-error">{error}</ErrorNote>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary" disabled={!name.trim() || !model || isSaving} data-testid="assistant-save">
            {isSaving ? 'Saving…' : assistant ? 'Save' : 'Create assistant'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
