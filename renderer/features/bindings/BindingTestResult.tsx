import { useState } from 'react';
import type { BindingSummary } from '../../../common/bindings.js';
import { ErrorNote } from '../../components/Notes.js';
import { unexposed } from './bindingForm.js';
import { useBindingsStore, type BindingTest } from './store.js';

/** A connection test's answer: latency and what the upstream lists, with an offer to expose the rest; or why it failed. */
export function BindingTestResult({ binding, test }: { binding: BindingSummary; test: BindingTest }) {
  const [failure, setFailure] = useState<string | null>(null);
  if (test.error) return <ErrorNote testId="binding-test-error">The test could not run: {test.error}</ErrorNote>;
  const result = test.result;
  if (!result) return null;
  if (!result.ok) {
    return (
      <ErrorNote testId="binding-test-error">
        The test failed after {Math.round(result.latencyMs)} ms: {result.error ?? `${binding.baseUrl} did not answer.`} Check that the upstream is running and that
        its address{binding.hasApiKey ? ' and key are' : ' is'} right.
      </ErrorNote>
    );
  }
  const missing = unexposed(binding, result.models);
  const expose = async (names: string[]) => {
    setFailure(await useBindingsStore.getState().save(binding.id, { models: [...binding.models, ...names.map((name) => ({ name }))] }));
  };
  return (
    <div className="binding-test" role="status" data-testid="binding-test-result">
      <p>
        <span className="ok-text">Connected</span> in {Math.round(result.latencyMs)} ms.{' '}
        {result.models.length === 0 ? 'The upstream lists no models.' : `The upstream lists ${result.models.length === 1 ? '1 model' : `${result.models.length} models`}:`}
      </p>
      {result.models.length > 0 && (
        <ul className="binding-test-models">
          {result.models.map((name) => (
            <li key={name} data-testid="binding-listed-model">
              <code>{name}</code>
              {missing.includes(name) ? (
                <button type="button" className="small" onClick={() => void expose([name])} aria-label={`Expose ${name}`} data-testid="binding-expose">
                  Expose
                </button>
              ) : (
                <span className="badge badge-loaded">exposed</span>
              )}
            </li>
          ))}
        </ul>
      )}
      {missing.length > 1 && (
        <button type="button" className="small" onClick={() => void expose(missing)} data-testid="binding-expose-all">
          Expose all {missing.length}
        </button>
      )}
      <ErrorNote>{failure}</ErrorNote>
    </div>
  );
}
