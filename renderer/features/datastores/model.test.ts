import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelSummary } from '../../../common/ipc/contract.js';
import type { LocalModel } from '../../../common/library.js';
import type { JobRecord } from '../../../common/rag.js';
import { canWrite, documentStatusText, embeddingOptions, jobFraction, jobSummary, keyIdOf, withExtensionsOnly } from './model.js';

const model = (id: string, embeddingLength?: number, state: ModelSummary['state'] = 'unloaded'): ModelSummary => ({ id, aliases: [], sizeBytes: 1, modifiedAt: 0, state, embeddingLength });

test('embedding options: models that state a vector size, dedicated embedding models first', () => {
  const library = [{ id: 'nomic-embed', isEmbeddingOnly: true }, { id: 'chat', isEmbeddingOnly: false }] as LocalModel[];
  const options = embeddingOptions([model('chat', 2048), model('nomic-embed', 768), model('no-header'), model('broken', 64, 'error'), model('another', 512)], library);
  assert.deepEqual(
    options.map((option) => [option.id, option.dimension, option.isEmbeddingModel]),
    [
      ['nomic-embed', 768, true],
      ['another', 512, false],
      ['chat', 2048, false],
    ],
  );
});

test('who may change a datastore: admins and the local user all, a user key its own', () => {
  const key = `hearth_0123456789abcdef_${'A'.repeat(43)}`;
  assert.equal(keyIdOf(key), '0123456789abcdef');
  assert.equal(keyIdOf('not-a-key'), null);
  assert.equal(canWrite({ ownerKeyId: 'someone' }, 'admin', null), true);
  assert.equal(canWrite({ ownerKeyId: null }, undefined, null), true, 'the desktop app is the local admin');
  assert.equal(canWrite({ ownerKeyId: '0123456789abcdef' }, 'user', keyIdOf(key)), true);
  assert.equal(canWrite({ ownerKeyId: 'fedcba9876543210' }, 'user', keyIdOf(key)), false);
  assert.equal(canWrite({ ownerKeyId: null }, 'user', null), false);
});

test('a job in words: documents, chunks, speed and time left; its end with failures counted', () => {
  const job: JobRecord = {
    id: 'j',
    datastoreId: 'd',
    kind: 'ingest',
    state: 'embedding',
    progress: { documentsTotal: 3, documentsDone: 1, documentsFailed: 0, chunksTotal: 40, chunksDone: 10, bytesTotal: 0, bytesDone: 0, chunksPerSecond: 5, etaSeconds: 6 },
    documents: [],
    model: null,
    error: null,
    createdAt: 0,
    updatedAt: 0,
    finishedAt: null,
  };
  assert.equal(jobSummary(job), 'Adding documents: 1 of 3 documents · 10 of 40 chunks embedded · 5.0 chunks/s · about 6 s left');
  assert.equal(jobFraction(job), 0.25);
  assert.equal(documentStatusText('embedding', job), 'embedding 10 of 40 chunks');
  assert.equal(documentStatusText('extracting', job), 'extracting text');
  const unsized = { ...job, progress: { ...job.progress, chunksTotal: 0, chunksDone: 0, documentsDone: 0 } };
  assert.equal(jobFraction(unsized), null, 'unknown length until the first document is chunked');
  const done = { ...job, state: 'completed' as const, progress: { ...job.progress, documentsDone: 3, documentsFailed: 1 } };
  assert.equal(jobSummary(done), 'Adding documents: done, 3 of 3 documents, 1 failed.');
  assert.equal(jobSummary({ ...job, kind: 'reindex', model: 'nomic', state: 'failed', error: 'No space left.' }), 'Reindexing with nomic: failed — No space left. The old index still answers.');
  const scan = { ...job, state: 'failed' as const, error: 'No text.', progress: { ...job.progress, documentsTotal: 1, documentsFailed: 1 }, documents: [{ id: 'd', title: 'scan.pdf', status: 'failed' as const, error: 'No text.' }] };
  assert.equal(jobSummary(scan), 'Adding documents: failed, 1 of 1 document not added', "a document's error is not said twice");
});

test('an unsupported type names the accepted endings, not MIME types', () => {
  const message = "'photo.xyz' is not a type Hearth can index. Accepted: application/pdf (.pdf), text/html (.html, .htm), text/plain (.txt).";
  assert.equal(withExtensionsOnly(message), "'photo.xyz' is not a type Hearth can index. Accepted: .pdf, .html, .htm, .txt.");
  assert.equal(withExtensionsOnly('Something else.'), 'Something else.');
});
