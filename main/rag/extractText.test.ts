import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { filler, makeDocx, makeHtml, makePdf, makeScannedPdf } from '../../test/fixtures/ragDocuments.js';
import { ExtractionError, extractText } from './extractText.js';
import { detectFileType } from './fileTypes.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('extractText', () => {
  test('PDF: text per page, with where each page starts', async () => {
    const pdf = await makePdf([['First page about the heron.', ...filler(4)], ['Second page about the otter.', ...filler(4, 5)]]);
    const { text, pageStarts } = await extractText(pdf, 'pdf');
    assert.equal(pageStarts!.length, 2);
    assert.ok(text.slice(0, pageStarts![1]).includes('heron') && !text.slice(0, pageStarts![1]).includes('otter'));
    assert.ok(text.slice(pageStarts![1]).includes('otter'));
  });

  test('DOCX: headings become # lines, paragraphs blocks', async () => {
    const docx = await makeDocx([{ heading: 'Benefits', paragraphs: ['Dental care is included.', ...filler(2)] }]);
    const { text } = await extractText(docx, 'docx');
    assert.match(text, /^# Benefits\n\nDental care is included\.\n\n/);
  });

  test('HTML: the article and its title, without navigation, styles or scripts', async () => {
    const { text, title } = await extractText(bytes(makeHtml('Heron facts', ['Herons stand still for hours.', ...filler(4)])), 'html');
    assert.equal(title, 'Heron facts');
    assert.match(text, /Herons stand still for hours\./);
    for (const absent of ['Log in', 'tracking', 'color: red']) assert.ok(!text.includes(absent), absent);
  });

  test('text, Markdown, CSV and JSON are read as UTF-8 text (BOM and CRLF dropped)', async () => {
    const { text } = await extractText(bytes('\uFEFFname,city\r\nAda,London\r\nAlan,Manchester\r\nGrace,Arlington\r\n'), 'text');
    assert.equal(text, 'name,city\nAda,London\nAlan,Manchester\nGrace,Arlington\n');
  });

  test('corrupt and textless documents fail with the reason', async () => {
    await assert.rejects(extractText(bytes('%PDF-1.7\nnot a pdf at all'), 'pdf'), (error: Error) => error instanceof ExtractionError && /PDF could not be read/.test(error.message));
    await assert.rejects(extractText(bytes('PK\u0003\u0004 broken zip'), 'docx'), /DOCX file could not be read/);
    await assert.rejects(extractText(await makeScannedPdf(3), 'pdf'), /almost no text \(0 letters or digits on 3 pages\).*OCR/);
    await assert.rejects(extractText(bytes('  \n\n -- \n'), 'text'), /almost no text/);
  });

  test('file types: by extension first, then the declared type; others are refused', () => {
    assert.deepEqual(detectFileType('Report.PDF', 'application/octet-stream'), { kind: 'pdf', mimeType: 'application/pdf' });
    assert.deepEqual(detectFileType('data.csv', undefined), { kind: 'text', mimeType: 'text/csv' });
    assert.deepEqual(detectFileType('page', 'text/html; charset=utf-8'), { kind: 'html', mimeType: 'text/html' });
    assert.equal(detectFileType('setup.exe', 'application/octet-stream'), null);
    assert.equal(detectFileType('image.png', 'image/png'), null);
  });
});
