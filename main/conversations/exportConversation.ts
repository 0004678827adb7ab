import type { ConversationExportFormat, ConversationMessage, ConversationRecord, MessageSource } from '../../common/conversations.js';

export interface ConversationFile {
  /** ASCII only, safe in a Content-Disposition header and on any file system. */
  fileName: string;
  mimeType: string;
  content: string;
}

const statusNotes: Record<string, string> = {
  length: '_The reply was cut at the length limit._',
  stopped: '_The reply was stopped._',
};

/** The title as a file name: letters, digits and dashes; the id when nothing of it is left. */
function fileBase(record: ConversationRecord): string {
  const slug = record.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || record.id;
}

const isoTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function settingsLines(record: ConversationRecord): string[] {
  const { model, temperature, topP, maxTokens, datastoreIds } = record.settings;
  const lines = [
    model !== undefined && `- Model: ${model}`,
    temperature !== undefined && `- Temperature: ${temperature}`,
    topP !== undefined && `- Top-p: ${topP}`,
    maxTokens !== undefined && `- Max tokens: ${maxTokens}`,
    datastoreIds?.length && `- Datastores: ${datastoreIds.join(', ')}`,
    `- Created: ${isoTime(record.createdAt)}`,
    `- Updated: ${isoTime(record.updatedAt)}`,
  ];
  return lines.filter((line): line is string => typeof line === 'string');
}

/** A block quote of any text, so a system prompt's own headings don't become the document's. */
function quote(text: string): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

function sourceNote(source: MessageSource): string {
  const page = source.page !== null ? `, page ${source.page}` : '';
  const passage = source.text.replace(/\s+/g, ' ').trim();
  return `${source.documentTitle} (${source.datastoreName}${page}, score ${source.score.toFixed(3)}): “${passage}”`;
}

/**
 * An assistant reply with its sources as footnotes: the `[n]` the model cited become `[^k]`, numbered through
 * the whole document so two replies' `[1]` stay apart; sources it did not cite are listed after the reply.
 */
function withFootnotes(message: ConversationMessage, nextFootnote: () => number): string {
  const sources = message.sources ?? [];
  if (sources.length === 0) return message.content;
  const labels = new Map(sources.map((source) => [source.citation, nextFootnote()]));
  const cited = new Set<number>();
  // Not `[1](url)` (a link) nor `[1]:` (a link definition).
  const body = message.content.replace(/\[(\d+)\](?![(:[])/g, (whole, digits: string) => {
    const label = labels.get(Number(digits));
    if (label === undefined) return whole;
    cited.add(Number(digits));
    return `[^${label}]`;
  });
  const uncited = sources.filter((source) => !cited.has(source.citation)).map((source) => `[^${labels.get(source.citation)}]`);
  const notes = sources.map((source) => `[^${labels.get(source.citation)}]: ${sourceNote(source)}`);
  return [body, ...(uncited.length > 0 ? [`Sources: ${uncited.join(' ')}`] : []), notes.join('\n')].join('\n\n');
}

function messageSection(message: ConversationMessage, nextFootnote: () => number): string {
  if (message.role === 'user') return `## User\n\n${message.content}`;
  const heading = `## Assistant${message.model ? ` (${message.model})` : ''}`;
  const parts = [heading, withFootnotes(message, nextFootnote)];
  const note = message.status === 'error' ? `_The reply failed: ${message.error ?? 'unknown error'}_` : statusNotes[message.status ?? ''];
  if (note) parts.push(note);
  return parts.filter((part) => part !== '').join('\n\n');
}

/** The conversation as a readable Markdown document: title, settings, system prompt, each turn under its role. */
export function toMarkdown(record: ConversationRecord): string {
  let footnotes = 0;
  const nextFootnote = () => ++footnotes;
  const sections = [`# ${record.title}`, settingsLines(record).join('\n')];
  if (record.settings.systemPrompt) sections.push(`## System prompt\n\n${quote(record.settings.systemPrompt)}`);
  for (const message of record.messages) sections.push(messageSection(message, nextFootnote));
  return `${sections.join('\n\n')}\n`;
}

/** The file a user saves: Markdown to read, or the record itself as JSON. */
export function exportConversation(record: ConversationRecord, format: ConversationExportFormat): ConversationFile {
  const base = fileBase(record);
  if (format === 'json') return { fileName: `${base}.json`, mimeType: 'application/json', content: `${JSON.stringify(record, null, 2)}\n` };
  return { fileName: `${base}.md`, mimeType: 'text/markdown', content: toMarkdown(record) };
}
