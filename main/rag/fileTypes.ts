import path from 'node:path';

/** How a document's text is extracted. CSV and JSON are indexed as the text they are. */
export type DocumentKind = 'pdf' | 'docx' | 'html' | 'markdown' | 'text';

interface FileType {
  kind: DocumentKind;
  mimeType: string;
  extensions: readonly string[];
}

const fileTypes: readonly FileType[] = [
  { kind: 'pdf', mimeType: 'application/pdf', extensions: ['.pdf'] },
  { kind: 'docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['.docx'] },
  { kind: 'html', mimeType: 'text/html', extensions: ['.html', '.htm', '.xhtml'] },
  { kind: 'markdown', mimeType: 'text/markdown', extensions: ['.md', '.markdown'] },
  { kind: 'text', mimeType: 'text/plain', extensions: ['.txt', '.text', '.log'] },
  { kind: 'text', mimeType: 'text/csv', extensions: ['.csv'] },
  { kind: 'text', mimeType: 'application/json', extensions: ['.json'] },
];

/** What a 415 lists: each type with its extensions. */
export const acceptedFileTypes: readonly string[] = fileTypes.map((type) => `${type.mimeType} (${type.extensions.join(', ')})`);

export interface DetectedType {
  kind: DocumentKind;
  mimeType: string;
}

/**
 * The type of an upload, by its file name first (browsers and curl send application/octet-stream for
 * most files), then by the declared content type; null when Hearth can't index it.
 */
export function detectFileType(fileName: string, declaredType: string | undefined): DetectedType | null {
  const extension = path.extname(fileName).toLowerCase();
  const byExtension = fileTypes.find((type) => type.extensions.includes(extension));
  if (byExtension) return { kind: byExtension.kind, mimeType: byExtension.mimeType };
  const mime = declaredType?.split(';')[0]?.trim().toLowerCase();
  const byMime = fileTypes.find((type) => type.mimeType === mime);
  return byMime ? { kind: byMime.kind, mimeType: byMime.mimeType } : null;
}
