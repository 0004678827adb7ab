/**
 * A reply cut into pieces the speech route takes at once (OpenAI's limit, which Hearth keeps: 4096
 * characters), at paragraph, then sentence, then word ends, so each piece reads naturally on its own.
 */
export function splitForSpeech(text: string, maxChars: number): string[] {
  const pieces: string[] = [];
  let rest = text.replace(/\s+$/, '').replace(/^\s+/, '');
  while (rest.length > maxChars) {
    const window = rest.slice(0, maxChars + 1);
    const cut = lastBreak(window, /\n\s*\n/g) ?? lastBreak(window, /[.!?…](["')\]]*)\s/g) ?? lastBreak(window, /\s/g) ?? maxChars;
    pieces.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trimStart();
  }
  if (rest) pieces.push(rest);
  return pieces.filter(Boolean);
}

/** Where the last match of `pattern` in `window` ends, past its first quarter (tiny pieces sound choppy); else null. */
function lastBreak(window: string, pattern: RegExp): number | null {
  let end: number | null = null;
  for (const match of window.matchAll(pattern)) {
    const at = match.index + match[0].length;
    if (at <= window.length - 1 && at > window.length / 4) end = at;
  }
  return end;
}
