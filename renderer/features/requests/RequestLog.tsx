import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RequestRecord } from '../../../common/stats.js';
import { formatExact } from '../../lib/format.js';
import { filterLog, useRequestsStore } from './store.js';

const rowHeight = 30;

function Row({ record }: { record: RequestRecord }) {
  const isError = record.status >= 400;
  return (
    <div className={`log-row${isError ? ' log-error' : ''}`} role="row" data-testid="log-row">
      <span role="cell" title={formatExact(record.time)}>
        {new Date(record.time).toLocaleTimeString()}
      </span>
      <span role="cell" className="log-status">
        {record.status}
      </span>
      <span role="cell" className="log-route">
        {record.method} {record.route}
      </span>
      <span role="cell">{record.model ?? '—'}</span>
      <span role="cell">{record.keyAlias ?? '(no key)'}</span>
      <span role="cell" className="num">
        {record.durationMs} ms
      </span>
      <span role="cell" className="num">
        {record.promptTokens + record.completionTokens} tok
      </span>
    </div>
  );
}

/** The live request log with filters; virtualized, so ten thousand entries scroll as smoothly as ten. */
export function RequestLog() {
  const log = useRequestsStore((state) => state.log);
  const filters = useRequestsStore((state) => state.filters);
  const setFilters = useRequestsStore((state) => state.setFilters);
  const shown = filterLog(log, filters);
  const keys = [...new Set(log.map((record) => record.keyAlias ?? '(no key)'))].sort();
  const models = [...new Set(log.map((record) => record.model).filter((model): model is string => !!model))].sort();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: shown.length, getScrollElement: () => scroller.current, estimateSize: () => rowHeight, overscan: 10 });
  return (
    <section className="panel" aria-labelledby="log-title" data-testid="request-log">
      <div className="panel-head">
        <h2 id="log-title">Request log</h2>
        <span className="muted" aria-live="polite">
          {shown.length} of {log.length}
        </span>
      </div>
      <div className="filters">
        <label>
          Status
          <select value={filters.status} onChange={(event) => setFilters({ status: event.target.value as 'all' | 'ok' | 'errors' })} data-testid="log-filter-status">
            <option value="all">all</option>
            <option value="ok">successful</option>
            <option value="errors">errors</option>
          </select>
        </label>
        <label>
          Key
          <select value={filters.key} onChange={(event) => setFilters({ key: event.target.value })} data-testid="log-filter-key">
            <option value="">any</option>
            {keys.map((key) => (
              <option key={key}>{key}</option>
            ))}
          </select>
        </label>
        <label>
          Model
          <select value={filters.model} onChange={(event) => setFilters({ model: event.target.value })} data-testid="log-filter-model">
            <option value="">any</option>
            {models.map((model) => (
              <option key={model}>{model}</option>
            ))}
          </select>
        </label>
      </div>
      <div className="log" role="table" aria-label="Requests, newest first" aria-rowcount={shown.length}>
        <div className="log-row log-header" role="row">
          {['Time', 'Status', 'Route', 'Model', 'Key', 'Took', 'Tokens'].map((name) => (
            <span role="columnheader" key={name}>
              {name}
            </span>
          ))}
        </div>
        <div className="log-body" ref={scroller} tabIndex={0} aria-label="Request log entries">
          {shown.length === 0 && <p className="muted">No requests {log.length ? 'match these filters' : 'yet: they appear here as apps use Hearth'}.</p>}
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualizer.getVirtualItems().map((item) => (
              <div key={item.key} className="log-slot" style={{ transform: `translateY(${item.start}px)`, height: rowHeight }}>
                <Row record={shown[item.index]!} />
              </div>
            ))}
          </div>
        </div>
      </div>
    </section>
  );
}
