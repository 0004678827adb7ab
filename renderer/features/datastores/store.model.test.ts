import { test } from 'node:test';
import assert from 'node:assert/strict';
import { localActor } from '../../../main/rag/access.js';
import { droppedFileLimitBytes } from '../../../common/ipc/calls/rag.js';
import { isJobFinished } from '../../../common/rag.js';
import { filler, makePdf, makeScannedPdf } from '../../../test/fixtures/ragDocuments.js';
import { until } from '../../../test/rendererStores.js';
import { startTestServer } from '../../../test/startServer.js';
import { missingTestModels, testModels } from '../../../test/testModels.js';
import { connectIpc } from '../../ipc/client.js';
import { webTransport } from '../../ipc/webTransport.js';
import { useModelsStore } from '../models/store.js';
import { useServerStore } from '../server/store.js';
import { canWrite, embeddingOptions, keyIdOf } from './model.js';
import { useDatastoresStore } from './store.js';

const skip = missingTestModels([testModels.tiny, testModels.chatml]);
const state = () => useDatastoresStore.getState();
const allJobsDone = () => Object.values(state().jobs).every(isJobFinished) && state().uploads.every((upload) => upload.state !== 'uploading');

test('the datastores store against a real server: create, drop and pick files, progress, errors in words, query, remove, reindex, read-only', { skip }, async (t) => {
  const server = await startTestServer({
    models: [testModels.tiny, testModels.chatml],
    settings: { requireApiKeys: true, modelDefaults: { threads: 1 }, rateLimit: { enabled: false, requestsPerMinute: 60, burst: 10, maxConcurrentPerKey: 4 } },
  });
  t.after(() => server.close());
  const admin = await server.services.keys.create({ alias: 'admin', role: 'admin' });
  const reader = await server.services.keys.create({ alias: 'reader', role: 'user' });
  let key: string | null = admin.key;
  const picked: File[][] = [];
  // The web UI's own transport; the file picker hands over what the test queued, as a user's choice would.
  t.after(connectIpc(webTransport({ baseUrl: server.url, keys: { get: () => key, set: (next) => void (key = next) }, pickFiles: async () => picked.shift() ?? [] })));
  await useServerStore.getState().refresh();
  await useModelsStore.getState().refresh();

  const options = embeddingOptions(useModelsStore.getState().models, useModelsStore.getState().library);
  assert.deepEqual(options.map((option) => [option.id, option.dimension]).find(([id]) => id === testModels.tiny), [testModels.tiny, 64], 'the tiny model can embed');

  const store = state();
  await store.refresh();
  assert.equal(state().listedOnce, true);
  assert.deepEqual(state().datastores, []);
  assert.match(String(await store.create({ name: ' ', model: testModels.tiny })), /name/i, 'a refused field is named');
  assert.match(String(await store.create({ name: 'X', model: 'no-such-model' })), /no-such-model/);
  // Default chunking: few chunks, so every one is among the vector hits and hybrid ranks by the keyword (RRF).
  const created = await store.create({ name: 'Handbook', model: testModels.tiny });
  assert.ok(typeof created !== 'string', String(created));
  assert.equal(created.embeddingModel.id, testModels.tiny);

  // Dropped files: a Markdown page with the rare keyword, a real PDF, a scan with no text, a type Hearth can't read.
  const markdown = `# Field guide\n\n${filler(6).join(' ')}\n\nThe quetzalcoatlus was a pterosaur as tall as a giraffe.\n\n${filler(6, 7).join(' ')}`;
  const pdf = await makePdf([filler(8, 2), filler(8, 11)]);
  const scan = await makeScannedPdf(1);
  await store.addDroppedFiles(created.id, [
    new File([markdown], 'guide.md'),
    new File([pdf as BlobPart], 'town.pdf'),
    new File([scan as BlobPart], 'scan.pdf'),
    new File(['x'], 'photo.xyz'),
  ]);
  const refused = state().uploads.find((upload) => upload.names.includes('photo.xyz'));
  assert.equal(refused?.state, 'failed');
  assert.match(refused?.error ?? '', /photo\.xyz.*Accepted: .*\.pdf/, 'the refusal names the accepted types');
  assert.doesNotMatch(refused?.error ?? '', /application\/pdf/, 'by their endings, not MIME types');
  assert.equal(state().uploads.length, 1, 'accepted files became jobs');
  await until(allJobsDone, 'the ingest jobs (pushed by the event feed)');
  const scanJob = Object.values(state().jobs).find((job) => job.documents.some((document) => document.title.includes('scan')))!;
  assert.match(scanJob.documents[0]!.error ?? '', /almost no text.*scanned/, 'a scan fails with the reason in words');
  await until(() => (state().documents[created.id] ?? []).filter((document) => document.status === 'completed').length === 2, 'the documents listed');
  // Counts are read again after each job, and a late answer from an earlier job never steps them back.
  await until(() => state().datastores.find((record) => record.id === created.id)?.documentCount === 3, 'the count with the failed scan listed too');
  await new Promise((resolve) => setTimeout(resolve, 300));
  assert.equal(state().datastores.find((record) => record.id === created.id)?.documentCount, 3);

  // A file over the drop limit never leaves the page; the picker is the way for it.
  await store.addDroppedFiles(created.id, [new File([new Uint8Array(droppedFileLimitBytes + 1)], 'huge.txt')]);
  assert.match(state().uploads.at(-1)?.error ?? '', /huge\.txt.*Add files/);
  store.dismiss({ uploadId: state().uploads.at(-1)!.id });
  store.dismiss({ uploadId: refused!.id });
  assert.deepEqual(state().uploads, []);

  picked.push([new File(['Notes about the harbour and its ferries, repeated. '.repeat(4)], 'notes.txt')]);
  await store.pickFiles(created.id);
  await until(() => (state().documents[created.id] ?? []).some((document) => document.title.startsWith('notes') && document.status === 'completed'), 'the picked file indexed');
  await store.pickFiles(created.id); // the picker closed without a choice
  assert.equal(state().actionError, null);

  await store.runQuery(created.id, 'quetzalcoatlus', 'hybrid');
  const [first] = state().query?.results ?? [];
  assert.match(first?.text ?? '', /quetzalcoatlus/, 'the rare keyword passage ranks first');
  assert.ok(Number.isFinite(first!.score) && Number.isFinite(first!.similarity));
  await store.runQuery(created.id, ' ', 'hybrid');
  assert.match(state().query?.error ?? '', /query/);

  const pdfDocument = state().documents[created.id]!.find((document) => document.sourceName === 'town.pdf')!;
  assert.equal(await store.removeDocument(created.id, pdfDocument.id), true);
  assert.equal(state().documents[created.id]!.some((document) => document.id === pdfDocument.id), false);
  assert.equal(server.services.rag.listDocuments(localActor, created.id).some((document) => document.id === pdfDocument.id), false, 'gone on the server');

  assert.match((await store.reindex(created.id, 'no-such-model')) ?? '', /no-such-model/);
  assert.equal(await store.reindex(created.id, testModels.chatml), null);
  await until(() => state().datastores.find((record) => record.id === created.id)?.embeddingModel.id === testModels.chatml, 'the reindex to finish');
  const reindexJob = Object.values(state().jobs).find((job) => job.kind === 'reindex')!;
  assert.equal(reindexJob.state, 'completed');
  store.dismiss({ jobId: reindexJob.id });
  assert.equal(state().jobs[reindexJob.id], undefined);

  assert.equal(await store.update(created.id, { name: 'Town handbook', visibility: 'public' }), null);
  assert.equal(state().datastores[0]?.name, 'Town handbook');

  // A user key: the admin's public datastore is read-only to it, and a change is refused in the server's words.
  key = reader.key;
  await useServerStore.getState().refresh();
  assert.equal(useServerStore.getState().status?.role, 'user');
  await until(() => state().datastores.length === 1, 'the list read again for the new key');
  assert.equal(canWrite(state().datastores[0]!, 'user', keyIdOf(reader.key)), false);
  assert.match((await store.update(created.id, { name: 'Mine now' })) ?? '', /another user's/);
  const own = await store.create({ name: 'Reader notes', model: testModels.tiny, chunkSize: 48, chunkOverlap: 0 });
  assert.ok(typeof own !== 'string', String(own));
  assert.equal(canWrite(own, 'user', keyIdOf(reader.key)), true);
  // No event feed for a user key: the store polls the job to its end.
  await store.addDroppedFiles(own.id, [new File([markdown], 'copy.md')]);
  await until(() => (state().documents[own.id] ?? []).some((document) => document.status === 'completed'), 'the polled job to finish');
  assert.equal(await store.remove(own.id), true);
  assert.equal(state().datastores.some((record) => record.id === own.id), false);
});
