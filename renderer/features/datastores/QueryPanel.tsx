import { useState, type FormEvent } from 'react';
import type { SearchMode, SearchResult } from '../../../common/rag.js';
import { ErrorNote } from '../../components/Notes.js';
import { useDatastoresStore } from './store.js';

const modes: { value: SearchMode; label: string; score: string }[] = [
  { value: 'hybrid', label: 'Hybrid', score: 'combined (RRF)' },
  { value: 'vector', label: 'Meaning (vector)', score: 'vector' },
  { value: 'fts', label: 'Keywords (BM25)', score: 'keyword' },
];

/** The words of a query worth marking in a passage (quotes and short words left out). */
function queryTerms(query: string): RegExp | null {
  const terms = query
    .split(/\s+/)
    .map((term) => term.replace(/^["'(]+|["'),.?!:;]+$/g, ''))
    .filter((term) => term.length >= 3)
    .map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return terms.length ? new RegExp(`(${terms.join('|')})`, 'gi') : null;
}

/** Characters before the first match past which the passage starts near it instead, so the match is in view. */
const leadChars = 200;

/** A passage with the query's words marked, opening near the first of them; the whole text a click away. */
function Passage({ text, query }: { text: string; query: string }) {
  const [isWhole, setWhole] = useState(false);
  const pattern = queryTerms(query);
  const first = pattern ? text.search(new RegExp(pattern.source, 'i')) : -1;
  const cut = !isWhole && first > leadChars ? text.lastIndexOf(' ', first - leadChars / 2) + 1 : 0;
  const shown = text.slice(cut);
  const parts = pattern ? shown.split(pattern) : [shown];
  return (
    <>
      <p className="ds-passage" data-testid="query-passage">
        {cut > 0 && '… '}
        {/* split() with a capture group puts the matches at the odd indexes. */}
        {parts.map((part, index) => (index % 2 === 1 ? <mark key={index}>{part}</mark> : part))}
      </p>
      {cut > 0 && (
        <button type="button" className="small ghost ds-whole" onClick={() => setWhole(true)}>
          Show the whole passage
        </button>
      )}
    </>
  );
}

function Result({ result, rank, scoreLabel, query }: { result: SearchResult; rank: number; scoreLabel: string; query: string }) {
  const { position } = result;
  return (
    <li className="ds-result" data-testid="query-result">
      <div className="ds-result-head">
        <span className="ds-result-source">
          <span className="muted">#{rank}</span> <strong>{result.documentTitle}</strong>
          {position.page !== null && <span className="muted"> · page {position.page}</span>}
          <span className="muted"> · passage {position.index + 1}</span>
        </span>
        <span className="ds-scores" data-testid="query-scores">
          <span title="The search mode's own score; higher is better">
            {scoreLabel} <strong>{result.score.toFixed(4)}</strong>
          </span>
          {' · '}
          <span title="Cosine similarity of the query and the passage, in every mode">
            similarity <strong>{result.similarity.toFixed(3)}</strong>
          </span>
        </span>
      </div>
      <Passage text={result.text} query={query} />
    </li>
  );
}

/** Try a query against the datastore as chat would: the passages it finds, their scores and where they come from. */
export function QueryPanel({ datastoreId }: { datastoreId: string }) {
  const query = useDatastoresStore((state) => (state.query?.datastoreId === datastoreId ? state.query : null));
  const [text, setText] = useState(query?.text ?? '');
  const [mode, setMode] = useState<SearchMode>(query?.mode ?? 'hybrid');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (text.trim()) void useDatastoresStore.getState().runQuery(datastoreId, text.trim(), mode);
  };
  const scoreLabel = modes.find((entry) => entry.value === query?.mode)?.score ?? 'score';
  return (
    <section className="panel" aria-labelledby="query-title" data-testid="query-panel">
      <h2 id="query-title">Test a query</h2>
      <form className="ds-query" role="search" onSubmit={submit}>
        <label htmlFor="query-text" className="visually-hidden">
          Query
        </label>
        <input id="query-text" type="search" value={text} onChange={(event) => setText(event.target.value)} placeholder="Ask what a chat would ask" data-testid="query-text" />
        <label htmlFor="query-mode" className="visually-hidden">
          Search mode
        </label>
        <select id="query-mode" value={mode} onChange={(event) => setMode(event.target.value as SearchMode)} data-testid="query-mode">
          {modes.map((entry) => (
            <option key={entry.value} value={entry.value}>
              {entry.label}
            </option>
          ))}
        </select>
        <button type="submit" className="primary" disabled={!text.trim() || query?.isRunning} data-testid="query-run">
          {query?.isRunning ? 'Searching…' : 'Search'}
        </button>
      </form>
      <ErrorNote>{query?.error}</ErrorNote>
      {query?.results &&
        (query.results.length === 0 ? (
          <p className="muted" data-testid="query-empty">
            Nothing found for “{query.text}”.
          </p>
        ) : (
          <ol className="ds-results" aria-label={`Results for ${query.text}`}>
            {query.results.map((result, index) => (
              <Result key={result.chunkId} result={result} rank={index + 1} scoreLabel={scoreLabel} query={query.text} />
            ))}
          </ol>
        ))}
    </section>
  );
}
