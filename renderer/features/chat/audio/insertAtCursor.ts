/** Where the composer's text and caret stand. */
export interface TextSelection {
  value: string;
  start: number;
  end: number;
}

/**
 * Dictated text put where the caret is (replacing a selection), with a space on either side where it would
 * otherwise run into a word; returns the new value and where the caret goes (just after the insert).
 */
export function insertAtCursor({ value, start, end }: TextSelection, text: string): { value: string; caret: number } {
  const spoken = text.trim();
  if (!spoken) return { value, caret: end };
  const before = value.slice(0, start);
  const after = value.slice(end);
  const lead = before && !/\s$/.test(before) ? ' ' : '';
  const trail = after && !/^\s/.test(after) ? ' ' : '';
  const inserted = `${lead}${spoken}${trail}`;
  return { value: before + inserted + after, caret: before.length + lead.length + spoken.length };
}
