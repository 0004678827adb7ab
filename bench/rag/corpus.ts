/** Synthetic documents for the RAG benchmark: Markdown with headings and varied sentences, deterministic. */
const subjects = ['The committee', 'Our team', 'The new pump', 'A volunteer', 'The warehouse', 'The river gauge', 'Each tenant', 'The auditor', 'The night shift', 'A supplier'];
const verbs = ['reviewed', 'replaced', 'measured', 'reported', 'scheduled', 'approved', 'inspected', 'cleaned', 'moved', 'documented'];
const objects = ['the quarterly budget', 'the north entrance', 'twelve pallets', 'the water level', 'the fire exits', 'the heating system', 'the parking rules', 'the invoices', 'the loading dock', 'the safety manual'];
const tails = ['before noon.', 'after a short delay.', 'with two assistants.', 'for the third time.', 'as planned.', 'despite the rain.', 'on request.', 'without notice.'];

/** A word that appears once in the corpus, so a query can be checked to find its chunk. */
export const rareWord = (index: number) => `zq${index.toString(36)}x`;

function sentence(n: number): string {
  return `${subjects[n % 10]} ${verbs[Math.floor(n / 10) % 10]} ${objects[Math.floor(n / 100) % 10]} ${tails[Math.floor(n / 1000) % 8]}`;
}

/** `count` documents of about `paragraphs` paragraphs each. */
export function makeCorpus(count: number, paragraphs: number): { name: string; text: string }[] {
  let n = 0;
  return Array.from({ length: count }, (_, doc) => {
    const blocks: string[] = [`# Report ${doc}`];
    for (let p = 0; p < paragraphs; p++) {
      if (p % 6 === 5) blocks.push(`## Section ${p}`);
      const sentences = Array.from({ length: 4 }, () => sentence(n++ * 7919));
      if (p === 0) sentences.push(`Reference ${rareWord(doc)}.`);
      blocks.push(sentences.join(' '));
    }
    return { name: `report-${doc}.md`, text: blocks.join('\n\n') };
  });
}

/** Synthetic chunk text for the query benchmark's tables. */
export function chunkTextFor(index: number): string {
  return Array.from({ length: 6 }, (_, k) => sentence(index * 6 + k)).join(' ') + ` Reference ${rareWord(index)}.`;
}
