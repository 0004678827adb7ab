/** A piece of a document's text, as embedded and stored; offsets are characters of the extracted text. */
export interface TextChunk {
  index: number;
  text: string;
  start: number;
  end: number;
  /** 1-based page of the chunk's start, for documents with pages. */
  page: number | null;
}

export interface ChunkOptions {
  /** Tokens of a piece of text in the embedding model's own tokenizer. */
  countTokens: (text: string) => number;
  /** Tokens per chunk at most. */
  chunkSize: number;
  /** Tokens of the previous chunk's end repeated at the start of the next one, at most. */
  overlap: number;
  pageStarts?: readonly number[] | null;
}

interface Unit {
  start: number;
  end: number;
  isHeading: boolean;
}

/**
 * Cuts text into chunks of at most chunkSize tokens. Cuts fall between paragraphs where they can, then
 * between sentences, then between words; a heading always starts a new chunk, so a section's text stays
 * under its title. Consecutive chunks within a section share up to `overlap` tokens of whole sentences
 * or paragraphs, so a passage cut at a boundary is still found whole in one of them.
 */
export function chunkText(text: string, options: ChunkOptions): TextChunk[] {
  const { countTokens, chunkSize, overlap } = options;
  const count = (start: number, end: number) => countTokens(text.slice(start, end));
  const units = splitUnits(text, count, chunkSize);
  const chunks: TextChunk[] = [];
  let current: Unit[] = [];
  const emit = () => {
    if (current.length === 0) return;
    const start = current[0]!.start;
    const end = current.at(-1)!.end;
    chunks.push({ index: chunks.length, text: text.slice(start, end), start, end, page: pageOf(start, options.pageStarts) });
  };
  for (let next = 0; next < units.length; next++) {
    const unit = units[next]!;
    if (current.length > 0 && unit.isHeading) {
      emit();
      current = [];
    } else if (current.length > 0 && count(current[0]!.start, unit.end) > chunkSize) {
      // A heading is never a chunk of its own: cut the paragraph after it into sentences so some can join it.
      const sentences = current.every((u) => u.isHeading) ? sentenceUnits(text, unit, count, chunkSize) : [];
      if (sentences.length > 1) {
        units.splice(next, 1, ...sentences);
        next--;
        continue;
      }
      emit();
      current = overlapOf(current, count, overlap);
      while (current.length > 0 && count(current[0]!.start, unit.end) > chunkSize) current.shift();
    }
    current.push(unit);
  }
  emit();
  return chunks;
}

/** The trailing units of a chunk that fit in the overlap; a heading is never repeated alone. */
function overlapOf(units: Unit[], count: (start: number, end: number) => number, overlap: number): Unit[] {
  if (overlap <= 0) return [];
  const end = units.at(-1)!.end;
  let first = units.length;
  while (first > 0 && count(units[first - 1]!.start, end) <= overlap) first--;
  return units.slice(first).filter((unit) => !unit.isHeading);
}

/** Paragraphs (blocks between blank lines); those over the chunk size split into sentences, then into words. */
function splitUnits(text: string, count: (start: number, end: number) => number, chunkSize: number): Unit[] {
  const units: Unit[] = [];
  for (const block of spans(text, /\S[\s\S]*?(?=\n[ \t]*\n|$)/g, 0, text.length)) {
    const isHeading = /^#{1,6}\s/.test(text.slice(block.start, block.end));
    if (count(block.start, block.end) <= chunkSize) {
      units.push({ ...block, isHeading });
      continue;
    }
    units.push(...sentenceUnits(text, block, count, chunkSize));
  }
  return units;
}

/** Sentences of a span (at . ! ? and line ends); a sentence over the chunk size splits into words. */
function sentenceUnits(text: string, span: { start: number; end: number }, count: (start: number, end: number) => number, chunkSize: number): Unit[] {
  const units: Unit[] = [];
  for (const sentence of spans(text, /\S[\s\S]*?(?:[.!?。！？]+(?=\s)|\n|$)/g, span.start, span.end)) {
    if (count(sentence.start, sentence.end) <= chunkSize) units.push({ ...sentence, isHeading: false });
    else units.push(...splitWords(text, sentence, count, chunkSize));
  }
  return units;
}

/** Greedy runs of whole words under the chunk size; a single "word" longer than that is cut by characters. */
function splitWords(text: string, span: { start: number; end: number }, count: (start: number, end: number) => number, chunkSize: number): Unit[] {
  const units: Unit[] = [];
  const words = spans(text, /\S+/g, span.start, span.end);
  let start = -1;
  let end = -1;
  for (const word of words) {
    if (start >= 0 && count(start, word.end) <= chunkSize) {
      end = word.end;
      continue;
    }
    if (start >= 0) units.push({ start, end, isHeading: false });
    start = word.start;
    end = word.end;
    // A word alone over the limit (a long URL, base64): halve it until each piece fits.
    while (count(start, end) > chunkSize) {
      let cut = start + Math.max(1, Math.floor((end - start) / 2));
      while (cut - start > 1 && count(start, cut) > chunkSize) cut = start + Math.floor((cut - start) / 2);
      units.push({ start, end: cut, isHeading: false });
      start = cut;
    }
  }
  if (start >= 0) units.push({ start, end, isHeading: false });
  return units;
}

/** Matches of a pattern inside [from, to), as offsets into the whole text. */
function spans(text: string, pattern: RegExp, from: number, to: number): { start: number; end: number }[] {
  const slice = text.slice(from, to);
  const found: { start: number; end: number }[] = [];
  for (const match of slice.matchAll(pattern)) {
    const trimmed = match[0].trimEnd();
    if (trimmed) found.push({ start: from + match.index, end: from + match.index + trimmed.length });
  }
  return found;
}

function pageOf(offset: number, pageStarts: readonly number[] | null | undefined): number | null {
  if (!pageStarts || pageStarts.length === 0) return null;
  let page = 0;
  while (page + 1 < pageStarts.length && pageStarts[page + 1]! <= offset) page++;
  return page + 1;
}
