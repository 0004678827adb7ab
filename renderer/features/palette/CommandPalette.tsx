import { Command } from 'cmdk';
import { useEffect, useRef, useState } from 'react';
import { useLocation } from 'wouter';
import { Dialog } from '../../components/Dialog.js';
import { copyText } from '../../components/CopyButton.js';
import { screens } from '../../screens.js';
import { useModelsStore } from '../models/store.js';
import { canChange, isUsable, useServerStore } from '../server/store.js';
import { matchCommand, paletteCommands, type PaletteCommand } from './commands.js';

const groups: PaletteCommand['group'][] = ['Go to', 'Models', 'Server'];

/** Ctrl/Cmd+K: jump to any screen or model, load or unload, copy the API URL — by typing a few letters. */
export function CommandPalette() {
  const [open, setOpen] = useState(false);
  const [, navigate] = useLocation();
  const models = useModelsStore((state) => state.models);
  const status = useServerStore((state) => state.status);
  const input = useRef<HTMLInputElement>(null);
  // showModal() focuses the dialog's first control (its close button) after React's autoFocus ran; type-to-filter wants the input.
  useEffect(() => {
    if (open) requestAnimationFrame(() => input.current?.focus());
  }, [open]);
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key.toLowerCase() !== 'k' || !(event.ctrlKey || event.metaKey) || event.altKey || event.shiftKey) return;
      event.preventDefault();
      setOpen((wasOpen) => !wasOpen);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
  if (!open) return null;
  const { load, unload } = useModelsStore.getState();
  const commands = paletteCommands({
    screens,
    models,
    mayChange: canChange(status) && isUsable(status),
    serverUrl: status?.url ?? null,
    navigate,
    load,
    unload,
    copy: copyText,
    openKeyDialog: () => useServerStore.getState().openKeyDialog(),
  });
  const run = (command: PaletteCommand) => {
    setOpen(false);
    void command.run();
  };
  return (
    <Dialog open title="Go to or do…" onClose={() => setOpen(false)} testId="command-palette">
      <Command label="Commands" className="palette" loop filter={(label, search, keywords) => matchCommand(search, label, keywords)}>
        <Command.Input className="palette-input" placeholder="Type a screen, a model or an action" ref={input} data-testid="palette-input" />
        <Command.List className="palette-list">
          <Command.Empty className="palette-empty">Nothing matches.</Command.Empty>
          {groups.map((group) => {
            const inGroup = commands.filter((command) => command.group === group);
            if (inGroup.length === 0) return null;
            return (
              <Command.Group key={group} heading={group} className="palette-group">
                {inGroup.map((command) => (
                  <Command.Item key={command.id} value={command.label} keywords={command.keywords} onSelect={() => run(command)} className="palette-item" data-testid="palette-item">
                    {command.label}
                  </Command.Item>
                ))}
              </Command.Group>
            );
          })}
        </Command.List>
      </Command>
      <p className="hint">↑ ↓ to choose, Enter to run, Esc to close.</p>
    </Dialog>
  );
}
