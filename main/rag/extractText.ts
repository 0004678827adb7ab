import mammoth from 'mammoth';
import type { DocumentKind } from './fileTypes.js';
import { htmlFragmentToText, htmlPageToText } from './htmlToText.js';

/** A document's text as it is chunked and searched, with where each page starts (PDFs). */
export interface ExtractedText {
  text: string;
  /** Character offset where each page starts, for the page of a chunk; null when the format has no pages. */
  pageStarts: number[] | null;
  /** A title found in the document (HTML), when it has one. */
  title: string | null;
}

/** A document Hearth could not read: it fails with this message, and the job goes on with the others. */
export class ExtractionError extends Error {}

/** Fewer letters or digits than this per page (or in all, without pages) is no text: a scan, or an empty file. */
const minCharactersPerPage = 20;

export async function extractText(bytes: Uint8Array, kind: DocumentKind): Promise<ExtractedText> {
  const extracted = await extractByKind(bytes, kind);
  const meaningful = extracted.text.replace(/[^\p{L}\p{N}]/gu, '').length;
  const pages = extracted.pageStarts?.length ?? 1;
  if (meaningful < minCharactersPerPage * Math.max(1, Math.min(pages, 5))) {
    throw new ExtractionError(
      kind === 'pdf'
        ? `The PDF has almost no text (${meaningful} letters or digits on ${pages} page${pages === 1 ? '' : 's'}); it may be scanned images, which need OCR before indexing.`
        : `The document has almost no text (${meaningful} letters or digits).`,
    );
  }
  return extracted;
}

async function extractByKind(bytes: Uint8Array, kind: DocumentKind): Promise<ExtractedText> {
  switch (kind) {
    case 'pdf':
      return extractPdf(bytes);
    case 'docx': {
      let html: string;
      try {
        ({ value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) }));
      } catch (error) {
        throw new ExtractionError(`The DOCX file could not be read: ${(error as Error).message}`);
      }
      return { text: htmlFragmentToText(html), pageStarts: null, title: null };
    }
    case 'html': {
      const { title, text } = htmlPageToText(decodeText(bytes));
      return { text, pageStarts: null, title };
    }
    case 'markdown':
    case 'text':
      return { text: decodeText(bytes), pageStarts: null, title: null };
  }
}

async function extractPdf(bytes: Uint8Array): Promise<ExtractedText> {
  // Imported on first use: pdf.js is large and only PDFs need it.
  const { extractText: extractPdfText, getDocumentProxy } = await import('unpdf');
  let pages: string[];
  try {
    // pdf.js takes ownership of (detaches) the buffer it is given: pass a copy.
    // verbosity 0: pdf.js would print its repair notes ("Indexing all PDF objects") on the server's console.
    const document = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
    try {
      ({ text: pages } = await extractPdfText(document, { mergePages: false }));
    } finally {
      await document.destroy();
    }
  } catch (error) {
    throw new ExtractionError(`The PDF could not be read: ${(error as Error).message}`);
  }
  const pageStarts: number[] = [];
  let text = '';
  for (const page of pages) {
    if (text) text += '\n\n';
    pageStarts.push(text.length);
    text += page.trim();
  }
  return { text, pageStarts, title: null };
}

/** UTF-8 text without a byte-order mark; bad bytes become U+FFFD rather than failing the document. */
function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes).replace(/\r\n?/g, '\n');
}
