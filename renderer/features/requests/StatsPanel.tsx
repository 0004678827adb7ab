import type { UsageTotals } from '../../../common/stats.js';
import { formatCount } from '../../lib/format.js';
import { useRequestsStore } from './store.js';

interface Row extends UsageTotals {
  name: string;
}

/** Requests per entry as bars (CSS, no chart library: a few hundred bytes instead of a hundred kilobytes). */
function UsageChart({ title, rows, testId }: { title: string; rows: Row[]; testId: string }) {
  const max = Math.max(1, ...rows.map((row) => row.requests));
  return (
    <div className="usage" data-testid={testId}>
      <h3>{title}</h3>
      {rows.length === 0 ? (
        <p className="muted">No requests yet.</p>
      ) : (
        <table className="table usage-table">
          <thead>
            <tr>
              <th scope="col">{title === 'Per model' ? 'Model' : 'Key'}</th>
              <th scope="col">Requests</th>
              <th scope="col">Errors</th>
              <th scope="col">Tokens</th>
              <th scope="col">Latency</th>
              <th scope="col">Tokens/s</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.name}>
                <th scope="row" className="wrap">
                  {row.name}
                </th>
                <td>
                  <div className="bar" aria-hidden>
                    <div className="bar-fill" style={{ width: `${(row.requests / max) * 100}%` }} />
                  </div>
                  {row.requests}
                </td>
                <td>{row.errors}</td>
                <td>{formatCount(row.promptTokens + row.completionTokens)}</td>
                <td>{row.averageLatencyMs} ms</td>
                <td>{row.averageTokensPerSecond}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function StatsPanel() {
  const stats = useRequestsStore((state) => state.stats);
  if (!stats) return null;
  const models = stats.models.filter((model) => model.requests > 0).map((model) => ({ ...model, name: model.model }));
  const keys = stats.keys.map((key) => ({ ...key, name: key.alias ?? '(no key)' }));
  return (
    <section className="panel" aria-labelledby="stats-title">
      <h2 id="stats-title">Statistics since {new Date(stats.since).toLocaleString()}</h2>
      <div className="usage-grid">
        <UsageChart title="Per model" rows={models} testId="stats-models" />
        <UsageChart title="Per key" rows={keys} testId="stats-keys" />
      </div>
    </section>
  );
}
