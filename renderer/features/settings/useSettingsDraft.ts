import { useEffect, useState } from 'react';
import { settingsPatch, type SettingsPatch } from '../../../common/ipc/calls/settings.js';
import { useSettingsStore } from './store.js';

/**
 * A form's working copy of some settings: `build` turns its text fields into a patch, which is checked by
 * the schema the server checks with before it is sent; field errors are keyed by setting name.
 */
export function useSettingsDraft<T extends Record<string, string | boolean>>(fromView: () => T | null, build: (draft: T) => Record<string, unknown>) {
  const view = useSettingsStore((state) => state.view);
  const [draft, setDraft] = useState<T | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  useEffect(() => {
    if (view && draft === null) setDraft(fromView());
  }, [view, draft, fromView]);
  const set = (name: keyof T, value: string | boolean) => {
    setDraft((current) => (current ? { ...current, [name]: value } : current));
    setMessage(null);
  };
  const save = async () => {
    if (!draft) return;
    const parsed = settingsPatch.safeParse(build(draft));
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [String(issue.path[0]), issue.message])));
      return;
    }
    setErrors({});
    const error = await useSettingsStore.getState().save(parsed.data as SettingsPatch);
    setMessage(error ? { ok: false, text: error } : { ok: true, text: 'Saved' });
  };
  return { view, draft, set, save, errors, message };
}

export const numberOrText = (value: string) => (value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value);
export const lines = (value: string) =>
  value
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
