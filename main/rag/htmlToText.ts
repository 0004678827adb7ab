import { parseHTML } from 'linkedom';
import { Readability } from '@mozilla/readability';

const blockTags = new Set(['ADDRESS', 'ARTICLE', 'ASIDE', 'BLOCKQUOTE', 'DD', 'DIV', 'DL', 'DT', 'FIGCAPTION', 'FIGURE', 'FOOTER', 'FORM', 'HEADER', 'HR', 'LI', 'MAIN', 'NAV', 'OL', 'P', 'PRE', 'SECTION', 'TABLE', 'TBODY', 'THEAD', 'TFOOT', 'TR', 'UL']);
const skippedTags = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'HEAD']);

export interface HtmlText {
  title: string | null;
  text: string;
}

/**
 * The readable text of a web page: Readability picks the article (dropping navigation and footers), and
 * the text keeps its structure as Markdown-like blocks, headings as `#` lines, so the chunker can cut
 * at headings and paragraphs. A page Readability finds no article in is read whole.
 */
export function htmlPageToText(html: string): HtmlText {
  const { document } = parseHTML(html);
  const title = document.querySelector('title')?.textContent?.trim() || null;
  let article: { title?: string | null; content?: string | null } | null = null;
  try {
    article = new Readability(document as unknown as Document).parse();
  } catch {
    article = null;
  }
  const text = article?.content ? htmlFragmentToText(article.content) : htmlFragmentToText(html);
  return { title: article?.title?.trim() || title, text };
}

/** Blocks of an HTML fragment (mammoth's DOCX output, an article) as paragraphs separated by blank lines. */
export function htmlFragmentToText(html: string): string {
  const { document } = parseHTML(`<!doctype html><html><body>${html}</body></html>`);
  const blocks: string[] = [];
  let line = '';
  const flush = () => {
    const text = line.replace(/[ \t\f\v\u00a0]+/g, ' ').replace(/ *\n */g, '\n').trim();
    if (text) blocks.push(text);
    line = '';
  };
  const walk = (node: Node, inPre: boolean) => {
    if (node.nodeType === 3) {
      line += inPre ? node.textContent : (node.textContent ?? '').replace(/\s+/g, ' ');
      return;
    }
    if (node.nodeType !== 1) return;
    const element = node as Element;
    const tag = element.tagName.toUpperCase();
    if (skippedTags.has(tag)) return;
    const heading = /^H([1-6])$/.exec(tag);
    if (heading) {
      flush();
      line = `${'#'.repeat(Number(heading[1]))} `;
      for (const child of element.childNodes) walk(child, inPre);
      flush();
      return;
    }
    if (tag === 'BR') {
      line += '\n';
      return;
    }
    if (tag === 'TD' || tag === 'TH') {
      if (line.trim()) line += ' | ';
      for (const child of element.childNodes) walk(child, inPre);
      return;
    }
    const isBlock = blockTags.has(tag);
    if (isBlock) flush();
    if (tag === 'LI') line = '- ';
    for (const child of element.childNodes) walk(child, inPre || tag === 'PRE');
    if (isBlock) flush();
  };
  walk(document.body as unknown as Node, false);
  flush();
  return blocks.join('\n\n');
}
