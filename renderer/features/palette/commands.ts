import type { ModelSummary } from '../../../common/ipc/contract.js';

/** One thing the palette can do; `keywords` are matched as well as the label. */
export interface PaletteCommand {
  id: string;
  group: 'Go to' | 'Models' | 'Server';
  label: string;
  keywords?: string[];
  run(): void | Promise<void>;
}

export interface PaletteContext {
  screens: readonly { path: string; label: string }[];
  models: ModelSummary[];
  /** Whether this key may load and unload (an admin key on a running server). */
  mayChange: boolean;
  serverUrl: string | null;
  navigate(path: string): void;
  load(id: string): unknown;
  unload(id: string): unknown;
  copy(text: string): unknown;
  openKeyDialog(): void;
}

/**
 * What Ctrl/Cmd+K offers, built from what the app knows now: every screen, each model's details and the
 * load or unload it allows, and the server's URL. Kept apart from the dialog so it is tested without a page.
 */
export function paletteCommands(context: PaletteContext): PaletteCommand[] {
  const commands: PaletteCommand[] = context.screens.map((screen) => ({
    id: `go:${screen.path}`,
    group: 'Go to',
    label: screen.label,
    keywords: [screen.path.slice(1)],
    run: () => context.navigate(screen.path),
  }));
  for (const model of context.models) {
    commands.push({
      id: `open:${model.id}`,
      group: 'Models',
      label: `Open ${model.id}`,
      keywords: ['details', 'settings', ...model.aliases],
      run: () => context.navigate(`/models/${encodeURIComponent(model.id)}`),
    });
    if (!context.mayChange) continue;
    if (model.state === 'loaded') commands.push({ id: `unload:${model.id}`, group: 'Models', label: `Unload ${model.id}`, keywords: model.aliases, run: () => void context.unload(model.id) });
    else if (model.state === 'unloaded' || model.state === 'error')
      commands.push({ id: `load:${model.id}`, group: 'Models', label: `Load ${model.id}`, keywords: model.aliases, run: () => void context.load(model.id) });
  }
  if (context.serverUrl) {
    const apiUrl = `${context.serverUrl.replace(/\/$/, '')}/v1`;
    commands.push({ id: 'copy-url', group: 'Server', label: `Copy API URL (${apiUrl})`, keywords: ['base url', 'endpoint'], run: () => void context.copy(apiUrl) });
  }
  commands.push({ id: 'api-key', group: 'Server', label: 'Change the API key this window uses', keywords: ['key', 'token', 'sign in'], run: () => context.openKeyDialog() });
  return commands;
}

/**
 * How well a command matches what was typed, for cmdk: every typed word must appear in its label or keywords
 * (cmdk's default fuzzy match let "sett" pick "Load stories…" by scattered letters). Labels that start with
 * the first word rank first.
 */
export function matchCommand(search: string, label: string, keywords: readonly string[] = []): number {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return 1;
  const text = [label, ...keywords].join(' ').toLowerCase();
  if (!words.every((word) => text.includes(word))) return 0;
  return label.toLowerCase().startsWith(words[0]!) ? 1 : 0.5;
}
