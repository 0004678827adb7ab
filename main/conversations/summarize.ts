import type { ConversationMessage, ConversationRecord, ConversationSummary } from '../../common/conversations.js';

/** The title of a conversation with no user message yet. */
export const untitled = 'New chat';

const titleLength = 60;
const snippetLength = 140;

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** `text` on one line, cut at a word boundary near `length` with an ellipsis. */
export function shorten(text: string, length: number): string {
  const line = oneLine(text);
  if (line.length <= length) return line;
  const cut = line.slice(0, length);
  const space = cut.lastIndexOf(' ');
  // A long word (a URL, code) is cut where it is rather than leaving a title of one short word.
  return `${(space > length / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The title a conversation gets until the user names it: its first user message, shortened. */
export function defaultTitle(messages: readonly ConversationMessage[]): string {
  const first = messages.find((message) => message.role === 'user' && oneLine(message.content) !== '');
  return first ? shorten(first.content, titleLength) : untitled;
}

/** A one-line excerpt of `text` around `at` (a match), or its start. */
function excerpt(text: string, at = 0, matchLength = 0): string {
  const line = text.replace(/\s+/g, ' ');
  if (at <= snippetLength / 3) return shorten(line, snippetLength);
  // Keep some words before the match so it reads in context.
  const start = line.lastIndexOf(' ', at - snippetLength / 3) + 1;
  const end = Math.max(start + snippetLength, at + matchLength);
  return `…${line.slice(start, end).trim()}${end < line.length ? '…' : ''}`;
}

/**
 * Where `query` (lower-cased) occurs: a message (its snippet shows the match) or the title; null when
 * nowhere. Whitespace is compared as one space, as the snippet shows it.
 */
function findMatch(record: ConversationRecord, query: string): { snippet: string } | null {
  for (const message of record.messages) {
    const text = message.content.replace(/\s+/g, ' ');
    const at = text.toLowerCase().indexOf(query);
    if (at >= 0) return { snippet: excerpt(text, at, query.length) };
  }
  // Only the title matches: it is in plain sight, so the snippet is the usual one.
  const last = record.messages.at(-1);
  if (record.title.replace(/\s+/g, ' ').toLowerCase().includes(query)) return { snippet: last ? excerpt(last.content) : '' };
  return null;
}

/** The list entry of a conversation; with a query, null when it does not match, else a snippet of the match. */
export function summarize(record: ConversationRecord, query?: string): ConversationSummary | null {
  const wanted = query === undefined ? '' : oneLine(query).toLowerCase();
  const match = wanted === '' ? { snippet: record.messages.length > 0 ? excerpt(record.messages.at(-1)!.content) : '' } : findMatch(record, wanted);
  if (!match) return null;
  return {
    id: record.id,
    title: record.title,
    model: record.settings.model ?? record.messages.findLast((message) => message.model)?.model ?? null,
    messageCount: record.messages.length,
    snippet: match.snippet,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
