import type { Context } from 'koa';
import type { ModelStats, StatsReport } from '../../../common/stats.js';
import type { Services } from '../../services.js';

const noUsage = { requests: 0, errors: 0, promptTokens: 0, completionTokens: 0, averageLatencyMs: 0, averageTokensPerSecond: 0 };

/**
 * GET /v1/admin/models/stats (PLLM's route): usage per model, with every known model listed, and per key;
 * with the slots each model's requests hold and wait for now, so a leaked slot shows from outside.
 */
export function modelsStats(services: Services) {
  return async (ctx: Context) => {
    const usage = services.stats.models();
    const known = await services.engine.listModels();
    const models: ModelStats[] = known.map((model) => ({
      model: model.id,
      state: model.state,
      loaded: model.state === 'loaded',
      activeRequests: model.loaded?.activeRequests ?? 0,
      queuedRequests: model.loaded?.queuedRequests ?? 0,
      ...(usage.get(model.id) ?? noUsage),
    }));
    for (const [model, totals] of usage) {
      if (!known.some((info) => info.id === model)) models.push({ model, state: 'unknown', loaded: false, activeRequests: 0, queuedRequests: 0, ...totals });
    }
    const report: StatsReport = { since: services.stats.since, models, keys: services.stats.keys() };
    ctx.body = report;
  };
}
