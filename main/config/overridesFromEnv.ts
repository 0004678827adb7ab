import type { SettingsOverrides } from './SettingsStore.js';

/** Reads HEARTH_* environment variables; each one overrides the saved setting for this run. */
export function overridesFromEnv(env: NodeJS.ProcessEnv = process.env): SettingsOverrides & { dataDir?: string; modelsDir?: string } {
  const out: SettingsOverrides & { dataDir?: string; modelsDir?: string } = {};
  if (env.HEARTH_HOST) out.host = env.HEARTH_HOST;
  if (env.HEARTH_PORT) out.port = Number(env.HEARTH_PORT);
  if (env.HEARTH_DATA_DIR) out.dataDir = env.HEARTH_DATA_DIR;
  if (env.HEARTH_MODELS_DIR) out.modelsDir = env.HEARTH_MODELS_DIR;
  if (env.HEARTH_REQUIRE_API_KEYS) out.requireApiKeys = parseBoolean(env.HEARTH_REQUIRE_API_KEYS, 'HEARTH_REQUIRE_API_KEYS');
  if (env.HEARTH_GPU) out.gpu = env.HEARTH_GPU === 'false' || env.HEARTH_GPU === '0' ? false : (env.HEARTH_GPU as 'auto');
  if (env.HEARTH_LOG_LEVEL) out.logLevel = env.HEARTH_LOG_LEVEL as SettingsOverrides['logLevel'];
  if (env.HEARTH_ALLOWED_HOSTS) out.allowedHosts = env.HEARTH_ALLOWED_HOSTS.split(',').map((h) => h.trim()).filter(Boolean);
  if (env.HEARTH_CORS_ORIGINS) out.corsOrigins = env.HEARTH_CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (env.HEARTH_HF_ENDPOINT) out.hfEndpoint = env.HEARTH_HF_ENDPOINT;
  if (env.HEARTH_HF_TOKEN) out.hfToken = env.HEARTH_HF_TOKEN;
  if (env.HEARTH_RAG_URI) out.ragUri = env.HEARTH_RAG_URI;
  return out;
}

export function parseBoolean(value: string, name: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new Error(`${name} must be true or false, not '${value}'.`);
}
