import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { DatastoreRecord, JobRecord } from '../../../common/rag.js';
import { filler, makeDocx, makeHtml, makePdf, makeScannedPdf } from '../../../test/fixtures/ragDocuments.js';
import { RagClient } from '../../../test/ragClient.js';
import { startTestServer, type TestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';

// Mechanics only (the tiny models are no embedding models): a rare keyword or an exact phrase finds its
// chunk, a chunk's own text is its nearest vector, and every state and count is right.
const models = [testModels.tiny, testModels.tinyRandom];

interface OpenAiError {
  error: { message: string; type: string; param: string | null; code: string | null };
}

describe('Hearth /v1/datastores and /v1/jobs', { skip: missingTestModels(models) }, () => {
  let server: TestServer;
  let client: RagClient;
  let store: DatastoreRecord;
  before(async () => {
    server = await startTestServer({ models });
    client = new RagClient(server.url);
    store = await client.create({ name: 'Handbook', description: 'tests', model: testModels.tiny, chunkSize: 48, chunkOverlap: 8 });
  });
  after(() => server?.close());

  test('a datastore records its model (id, file hash, dimension), chunking and owner', async () => {
    assert.equal(store.embeddingModel.id, testModels.tiny);
    assert.equal(store.embeddingModel.dimension, 64);
    assert.match(store.embeddingModel.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual([store.chunkSize, store.chunkOverlap, store.visibility, store.ownerKeyId, store.ownerName], [48, 8, 'private', null, 'local']);
    const list = await client.ok<{ object: string; data: DatastoreRecord[] }>('GET', '/v1/datastores');
    assert.equal(list.object, 'list');
    assert.ok(list.data.some((d) => d.id === store.id));
    const renamed = await client.ok<DatastoreRecord>('PATCH', `/v1/datastores/${store.id}`, { description: 'the staff handbook' });
    assert.equal(renamed.description, 'the staff handbook');
  });

  test('PDF, DOCX, HTML and Markdown files are indexed; progress streams over SSE; a rare keyword finds its page', async () => {
    const pdf = await makePdf([filler(6), [...filler(3, 10), 'The quokka colony nests behind the lighthouse.', ...filler(2, 20)]]);
    const docx = await makeDocx([{ heading: 'Leave policy', paragraphs: [...filler(3, 30), 'Employees receive twenty-seven vacation days.'] }]);
    const html = makeHtml('Capybara notes', ['The capybara enjoys warm springs.', ...filler(4, 40)]);
    const markdown = `# Kitchen rules\n\n${filler(4, 50).join(' ')}\n\n## Fridge\n\nLabel every zabaglione container with your name.\n`;
    const answer = await client.upload(store.id, [
      { name: 'guide.pdf', data: pdf },
      { name: 'policy.docx', data: docx },
      { name: 'notes.html', data: html, type: 'text/html' },
      { name: 'kitchen.md', data: markdown },
    ]);
    assert.equal(answer.status, 202, JSON.stringify(answer.body));
    assert.equal(answer.body.kind, 'ingest');
    assert.equal(answer.body.progress.documentsTotal, 4);
    const events = await client.jobEvents(answer.body.id);
    const last = events.at(-1)!;
    assert.equal(last.state, 'completed', JSON.stringify(last));
    assert.ok(events.length >= 2, 'a snapshot per change, not only the end');
    assert.deepEqual(last.documents.map((d) => d.status), ['completed', 'completed', 'completed', 'completed']);
    assert.equal(last.progress.documentsDone, 4);
    assert.equal(last.progress.chunksDone, last.progress.chunksTotal);
    assert.equal(last.progress.bytesDone, last.progress.bytesTotal);
    assert.ok(last.progress.chunksTotal >= 4);

    const documents = await client.documents(store.id);
    const byName = new Map(documents.map((d) => [d.sourceName, d]));
    assert.equal(byName.get('guide.pdf')!.mimeType, 'application/pdf');
    assert.equal(byName.get('notes.html')!.title, 'Capybara notes', 'the page title, found by Readability');
    for (const document of documents) assert.ok(document.status === 'completed' && document.chunkCount > 0 && /^[0-9a-f]{64}$/.test(document.sha256), JSON.stringify(document));

    const [quokka] = await client.query(store.id, { query: 'quokka', mode: 'fts', topK: 3 });
    assert.equal(quokka!.sourceName, 'guide.pdf');
    assert.equal(quokka!.position.page, 2);
    assert.match(quokka!.text, /quokka/);
    const [vacation] = await client.query(store.id, { query: '"twenty-seven vacation days"', mode: 'fts', topK: 3 });
    assert.equal(vacation!.sourceName, 'policy.docx', 'a quoted phrase');
    assert.equal((await client.query(store.id, { query: '"vacation twenty-seven days"', mode: 'fts' })).length, 0, 'the words, but not that phrase');
    // Hybrid fuses the keyword's rank with the vector's (which a tiny model makes arbitrary): it is among the first two.
    const hybrid = await client.query(store.id, { query: 'capybara springs', mode: 'hybrid', topK: 2 });
    assert.ok(hybrid.some((r) => r.sourceName === 'notes.html'), JSON.stringify(hybrid));
    const nav = await client.query(store.id, { query: 'tracking', mode: 'fts' });
    assert.equal(nav.length, 0, 'scripts and navigation of a page are not indexed');
  });

  test('search modes: a chunk is its own nearest vector; scores, positions and filters', async () => {
    const [first] = await client.query(store.id, { query: 'zabaglione', mode: 'fts', topK: 1 });
    const vector = await client.query(store.id, { query: first!.text, mode: 'vector', topK: 3 });
    assert.equal(vector[0]!.chunkId, first!.chunkId);
    assert.ok(Math.abs(vector[0]!.similarity - 1) < 1e-3 && Math.abs(vector[0]!.score - 1) < 1e-3);
    assert.ok(vector[1]!.score <= vector[0]!.score);
    // The chunk's own text: first by vector and by keywords, so first in the fused ranking too.
    const hybrid = await client.query(store.id, { query: first!.text, topK: 5 });
    assert.equal(hybrid[0]!.chunkId, first!.chunkId, 'hybrid is the default mode');
    assert.ok(hybrid.length <= 5);
    const { start, end } = hybrid[0]!.position;
    assert.ok(end > start && hybrid[0]!.text.length === end - start);
    const minScore = await client.query(store.id, { query: first!.text, mode: 'vector', topK: 5, minScore: 0.999 });
    assert.deepEqual(minScore.map((r) => r.chunkId), [first!.chunkId]);
    const pdf = (await client.documents(store.id)).find((d) => d.sourceName === 'guide.pdf')!;
    const filtered = await client.query(store.id, { query: 'zabaglione quokka', mode: 'fts', documentIds: [pdf.id] });
    assert.ok(filtered.length > 0 && filtered.every((r) => r.documentId === pdf.id));
  });

  test('an unchanged re-add is a no-op; a changed one replaces its chunks', async () => {
    const first = await client.addText(store.id, `${filler(6, 60).join(' ')} The marmoset sings at dawn.`, 'Zoo diary');
    assert.equal((await client.waitForJob(first.id)).state, 'completed');
    const before = (await client.documents(store.id)).find((d) => d.title === 'Zoo diary')!;

    const again = await client.call<JobRecord>('POST', `/v1/datastores/${store.id}/documents`, { text: `${filler(6, 60).join(' ')} The marmoset sings at dawn.`, title: 'Zoo diary' });
    assert.equal(again.status, 200, 'nothing to do: answered at once');
    assert.equal(again.body.state, 'completed');
    const unchanged = (await client.documents(store.id)).find((d) => d.title === 'Zoo diary')!;
    assert.deepEqual(unchanged, before);

    const changed = await client.addText(store.id, `${filler(6, 60).join(' ')} The axolotl naps at noon.`, 'Zoo diary');
    assert.equal((await client.waitForJob(changed.id)).state, 'completed');
    const documents = (await client.documents(store.id)).filter((d) => d.title === 'Zoo diary');
    assert.equal(documents.length, 1);
    assert.equal(documents[0]!.id, before.id);
    assert.notEqual(documents[0]!.sha256, before.sha256);
    assert.equal((await client.query(store.id, { query: 'marmoset', mode: 'fts' })).length, 0, 'the old version is gone');
    assert.equal((await client.query(store.id, { query: 'axolotl', mode: 'fts' }))[0]!.documentId, before.id);
  });

  test('one corrupt or textless document fails with its reason; the others are indexed', async () => {
    const answer = await client.upload(store.id, [
      { name: 'broken.pdf', data: '%PDF-1.7\nthis is not really a pdf' },
      { name: 'broken.docx', data: 'PK\u0003\u0004 not a zip either' },
      { name: 'scan.pdf', data: await makeScannedPdf(2) },
      { name: 'fine.txt', data: `${filler(3, 70).join(' ')} The pangolin rolls up.` },
    ]);
    assert.equal(answer.status, 202);
    const job = await client.waitForJob(answer.body.id);
    assert.equal(job.state, 'completed', 'one good document: the job completes');
    assert.equal(job.progress.documentsFailed, 3);
    const statuses = Object.fromEntries((await client.documents(store.id)).map((d) => [d.sourceName, d]));
    assert.equal(statuses['broken.pdf']!.status, 'failed');
    assert.match(statuses['broken.pdf']!.error!, /PDF could not be read/);
    assert.match(statuses['broken.docx']!.error!, /DOCX file could not be read/);
    assert.match(statuses['scan.pdf']!.error!, /almost no text.*OCR/);
    assert.equal(statuses['scan.pdf']!.chunkCount, 0);
    assert.equal(statuses['fine.txt']!.status, 'completed');
    assert.equal((await client.query(store.id, { query: 'pangolin', mode: 'fts' }))[0]!.sourceName, 'fine.txt');
    const health = await fetch(`${server.url}/health`);
    assert.equal(health.status, 200);
  });

  test('415 lists the accepted types; 413 past the upload limit; nothing is indexed from either', async () => {
    const unsupported = await client.upload(store.id, [{ name: 'tool.exe', data: 'MZ binary' }]);
    assert.equal(unsupported.status, 415);
    const error = (unsupported.body as unknown as OpenAiError).error;
    assert.equal(error.code, 'unsupported_file_type');
    for (const type of ['application/pdf', '.docx', 'text/html', 'text/markdown', 'text/plain', 'text/csv', 'application/json']) assert.ok(error.message.includes(type), `${type} in: ${error.message}`);

    await server.services.settings.update({ ragUploadLimitBytes: 4096 });
    try {
      const tooBig = await client.upload(store.id, [{ name: 'big.txt', data: 'x '.repeat(5000) }]);
      assert.equal(tooBig.status, 413);
      assert.equal((tooBig.body as unknown as OpenAiError).error.code, 'payload_too_large');
    } finally {
      await server.services.settings.update({ ragUploadLimitBytes: 200 * 1024 * 1024 });
    }
    const names = (await client.documents(store.id)).map((d) => d.sourceName);
    assert.ok(!names.includes('tool.exe') && !names.includes('big.txt'));
  });

  test('malformed requests are 400 in the OpenAI shape, naming the field', async () => {
    const cases: Array<[string, string, unknown, string | null]> = [
      ['POST', `/v1/datastores/${store.id}/query`, {}, 'query'],
      ['POST', `/v1/datastores/${store.id}/query`, { query: '' }, 'query'],
      ['POST', `/v1/datastores/${store.id}/query`, { query: 'x', topK: 0 }, 'topK'],
      ['POST', `/v1/datastores/${store.id}/query`, { query: 'x', mode: 'semantic' }, 'mode'],
      ['POST', `/v1/datastores/${store.id}/query`, { query: 'x', top_k: 3 }, null],
      ['POST', `/v1/datastores/${store.id}/documents`, { text: '' }, 'text'],
      ['POST', '/v1/datastores', { name: 'x' }, 'model'],
      ['POST', '/v1/datastores', { name: 'x', model: testModels.tiny, chunkSize: 64, chunkOverlap: 64 }, 'chunkOverlap'],
      ['POST', `/v1/datastores/${store.id}/reindex`, {}, 'model'],
    ];
    for (const [method, path, body, param] of cases) {
      const answer = await client.call<OpenAiError>(method, path, body);
      assert.equal(answer.status, 400, `${path} ${JSON.stringify(body)}: ${JSON.stringify(answer.body)}`);
      assert.equal(answer.body.error.type, 'invalid_request_error');
      assert.equal(answer.body.error.param, param, JSON.stringify(answer.body));
    }
    const unknown = await client.call<OpenAiError>('POST', '/v1/datastores/no-such-store/query', { query: 'x' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.error.code, 'datastore_not_found');
  });

  test('a cancelled job stops; its unfinished document is listed cancelled and has no chunks', async () => {
    const long = Array.from({ length: 400 }, (_, index) => `Paragraph ${index}: ${filler(3, index).join(' ')} Okapi marker ${index}.`).join('\n\n');
    const job = await client.addText(store.id, long, 'Long report');
    const cancelled = await client.ok<JobRecord>('POST', `/v1/jobs/${job.id}/cancel`);
    assert.equal(cancelled.id, job.id);
    const done = await client.waitForJob(job.id);
    assert.equal(done.state, 'cancelled');
    const document = (await client.documents(store.id)).find((d) => d.title === 'Long report')!;
    assert.equal(document.status, 'cancelled');
    assert.equal((await client.query(store.id, { query: 'okapi', mode: 'fts' })).length, 0);
    assert.equal((await client.call('POST', '/v1/jobs/no-such-job/cancel')).status, 404);
  });

  test('reindex with another model: the old index answers until the new one is complete', async () => {
    const job = await client.ok<JobRecord>('POST', `/v1/datastores/${store.id}/reindex`, { model: testModels.tinyRandom });
    assert.equal(job.kind, 'reindex');
    // Queued or running: the datastore still has its 64-dim model, and queries are answered with it.
    const during = await client.ok<DatastoreRecord>('GET', `/v1/datastores/${store.id}`);
    assert.equal(during.embeddingModel.dimension, 64);
    assert.equal(during.reindexJobId, job.id);
    assert.equal((await client.query(store.id, { query: 'quokka', mode: 'hybrid' }))[0]!.sourceName, 'guide.pdf');
    const done = await client.waitForJob(job.id);
    assert.equal(done.state, 'completed', JSON.stringify(done));
    assert.equal(done.progress.documentsDone, done.progress.documentsTotal);
    const after = await client.ok<DatastoreRecord>('GET', `/v1/datastores/${store.id}`);
    assert.deepEqual([after.embeddingModel.id, after.embeddingModel.dimension, after.reindexJobId], [testModels.tinyRandom, 8, null]);
    assert.equal(after.chunkCount, (await client.documents(store.id)).reduce((sum, d) => sum + (d.status === 'completed' ? d.chunkCount : 0), 0));
    const [hit] = await client.query(store.id, { query: 'quokka', mode: 'hybrid' });
    assert.equal(hit!.sourceName, 'guide.pdf');
    const [self] = await client.query(store.id, { query: hit!.text, mode: 'vector', topK: 1 });
    assert.ok(Math.abs(self!.similarity - 1) < 1e-3, 'the query is embedded by the new model');
  });

  test('removing a document removes it from search; deleting the datastore makes it a 404', async () => {
    const pdf = (await client.documents(store.id)).find((d) => d.sourceName === 'guide.pdf')!;
    assert.equal((await client.call('DELETE', `/v1/datastores/${store.id}/documents/${pdf.id}`)).status, 200);
    assert.equal((await client.query(store.id, { query: 'quokka', mode: 'fts' })).length, 0);
    assert.ok(!(await client.documents(store.id)).some((d) => d.id === pdf.id));
    assert.equal((await client.call('DELETE', `/v1/datastores/${store.id}`)).status, 200);
    assert.equal((await client.call('GET', `/v1/datastores/${store.id}`)).status, 404);
    assert.equal((await client.call('GET', `/api/v1/datastores/${store.id}/documents`)).status, 404);
  });
});
