import { modelAlias, type HearthSettings } from '../../common/settings.js';
import type { SettingsStore } from '../config/SettingsStore.js';

/**
 * Saves per-model aliases: `add` gives `alias` to `id` (taking it from any other model, as an Ollama
 * copy overwrites the destination), `remove` takes it away. Through settings, so the engine's
 * resolveId and every family see the name at once and it survives restarts. A name that can't be an
 * alias (modelAlias: a URL pulled as is, say) is not added and false comes back: the model still answers
 * to its id, and a finished download isn't failed over its name. /api/copy refuses such a name up front.
 */
export async function updateAlias(settings: SettingsStore, change: { add: string; to: string } | { remove: string }): Promise<boolean> {
  const current = settings.get().models;
  const alias = 'add' in change ? change.add : change.remove;
  if ('add' in change && !modelAlias.safeParse(alias).success) return false;
  const next: HearthSettings['models'] = {};
  for (const [id, own] of Object.entries(current)) {
    next[id] = own.aliases?.includes(alias) ? { ...own, aliases: own.aliases.filter((name) => name !== alias) } : own;
  }
  if ('add' in change) {
    const own = next[change.to] ?? {};
    next[change.to] = { ...own, aliases: [...(own.aliases ?? []), alias] };
  }
  await settings.update({ models: next });
  return true;
}
