import { encodePathPart, hostileString } from './hostileInputs.js';
import type { Endpoint } from './mutate.js';
import type { Prng } from './prng.js';
import { modelName } from './values.js';

/** Multipart bodies as a browser or curl sends them, and as they should never be. */
function multipart(rng: Prng): { headers: Record<string, string>; body: Buffer } {
  const boundary = 'fuzzboundary';
  const fileName = rng.pick(['notes.md', '../../../escape.txt', 'a\u0000b.txt', 'x'.repeat(300) + '.txt', 'page.html', 'data.json', 'sheet.csv', 'scan.pdf', 'doc.docx', 'binary.bin', '']);
  const content = rng.pick(['# Notes\n\nThe cat sat on the mat.', '%PDF-1.4 broken', 'PK\u0003\u0004 not a docx', '<html><body><script>x</script>Hello</body></html>', '{"a": [1, 2', '']);
  const part = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n${content}\r\n`;
  return rng.oneOf([
    () => ({ headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.from(`${part}--${boundary}--\r\n`) }),
    () => ({ headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.from(part) }),
    () => ({ headers: { 'content-type': 'multipart/form-data' }, body: Buffer.from(`${part}--${boundary}--\r\n`) }),
    () => ({ headers: { 'content-type': `multipart/form-data; boundary=${'b'.repeat(200)}` }, body: Buffer.from('garbage') }),
    () => ({ headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, body: Buffer.from(part.repeat(rng.int(2, 40)) + `--${boundary}--\r\n`) }),
  ]);
}

/**
 * Admin routes (keys, statistics, request log, model library, downloads) and the datastores with their
 * documents, queries and jobs. Changes aim at the victim copy and broken files, never at the good models.
 */
export function adminEndpoints(): Endpoint[] {
  // Never a good model: deleting one would leave the other families nothing to generate with.
  const libraryId = (rng: Prng) => encodePathPart(rng.pick(['fuzz-victim', 'nested-array', 'mutated-1', 'no-such-model', hostileString(rng).slice(0, 100)]));
  return [
    { method: 'GET', path: '/v1/admin/models/stats' },
    { method: 'GET', path: '/v1/admin/requests?limit=5' },
    { method: 'GET', path: '/v1/admin/requests?limit=-1' },
    { method: 'GET', path: '/v1/admin/keys' },
    { method: 'POST', path: '/v1/admin/keys', body: (rng) => ({ alias: rng.pick(['fuzz', '', 'a\u0000b']), role: rng.pick(['user', 'admin', 'root']), rateLimit: { requestsPerMinute: rng.pick([1, 0, -1]) } }) },
    { method: 'POST', path: '/v1/admin/keys/no-such-key/revoke' },
    { method: 'DELETE', path: '/v1/admin/keys/no-such-key' },
    { method: 'GET', path: '/v1/admin/library/search?q=hostile' },
    { method: 'GET', path: '/v1/admin/library/search?q=' },
    { method: 'GET', path: '/v1/admin/library/repos/fuzz/hostile-GGUF/files' },
    { method: 'GET', path: '/v1/admin/library/repos/..%2f../files' },
    { method: 'GET', path: '/v1/admin/library/catalog' },
    { method: 'GET', path: '/v1/admin/library/folder-models' },
    { method: 'GET', path: '/v1/admin/library/models' },
    { method: 'GET', path: (rng) => `/v1/admin/library/models/${libraryId(rng)}` },
    { method: 'DELETE', path: (rng) => `/v1/admin/library/models/${libraryId(rng)}` },
    { method: 'GET', path: '/v1/admin/library/models/fuzz-victim/settings' },
    {
      method: 'PATCH',
      path: '/v1/admin/library/models/fuzz-victim/settings',
      body: (rng) => ({ contextSize: rng.pick([64, 256, 'auto']), parallelSlots: rng.pick([1, 2]), threads: 1, idleTtlSeconds: rng.pick([0, -1, 1e308, 60]), aliases: [rng.pick(['victim', 'a/b', '../x', 'x'.repeat(200)])] }),
    },
    { method: 'POST', path: '/v1/admin/library/models/fuzz-victim/load' },
    { method: 'POST', path: '/v1/admin/library/models/flipped-1/load' },
    { method: 'POST', path: '/v1/admin/library/models/fuzz-victim/unload' },
    { method: 'GET', path: '/v1/admin/downloads' },
    { method: 'POST', path: '/v1/admin/downloads', body: (rng) => ({ ref: rng.pick(['hf.co/fuzz/hostile-GGUF:Q4_0', 'hf.co/fuzz/hostile-GGUF:Q5_0', 'hf:fuzz/hostile-GGUF/hostile-Q6_K.gguf', 'hf.co/fuzz/none', 'http://127.0.0.1:1/x.gguf', 'file:///etc/passwd', '']) }) },
    { method: 'GET', path: '/v1/admin/downloads/no-such-download' },
    { method: 'DELETE', path: '/v1/admin/downloads/no-such-download' },
    { method: 'GET', path: '/v1/admin/downloads/events', endless: true },
    // Datastores, under the OpenAI family's prefixes.
    { method: 'GET', path: '/v1/datastores' },
    {
      method: 'POST',
      path: '/v1/datastores',
      body: (rng) => ({ name: rng.pick(['Fuzz', ' ', 'x'.repeat(300)]), model: modelName(rng), chunkSize: rng.pick([32, 64, 8192]), chunkOverlap: rng.pick([0, 8, 64]), visibility: rng.pick(['private', 'public', 'secret']) }),
      fields: { model: modelName },
    },
    { method: 'GET', path: '/v1/datastores/{datastore}' },
    { method: 'PATCH', path: '/v1/datastores/{datastore}', body: (rng) => ({ description: rng.pick(['A description', 'x'.repeat(5000)]) }) },
    { method: 'GET', path: '/api/v1/datastores/{datastore}/documents' },
    { method: 'POST', path: '/v1/datastores/{datastore}/documents', body: (rng) => ({ text: rng.pick(['The cat sat on the mat.', '', ' ']), title: rng.pick(['A note', '', 'x'.repeat(600)]) }) },
    { method: 'DELETE', path: '/v1/datastores/{datastore}/documents/no-such-document' },
    {
      method: 'POST',
      path: '/v1/datastores/{datastore}/query',
      body: (rng) => ({ query: rng.pick(['cat', '"the mat"', 'NOT AND OR (', '*', '\u0000', "' OR 1=1 --"]), mode: rng.pick(['hybrid', 'vector', 'fts']), topK: rng.pick([1, 10, 100]), ...(rng.chance(0.3) ? { minScore: rng.pick([-1e308, 0, 0.5, 1e308]) } : {}) }),
      fields: { documentIds: (rng) => rng.pick<unknown>([[], ["' OR 1=1"], Array.from({ length: 1001 }, (_, i) => `d${i}`)]) },
    },
    { method: 'POST', path: '/v1/datastores/no-such-datastore/reindex', body: (rng) => ({ model: modelName(rng), chunkSize: 64, chunkOverlap: 0 }) },
    { method: 'GET', path: '/v1/jobs/{job}' },
    { method: 'GET', path: '/v1/jobs/no-such-job' },
    { method: 'POST', path: '/v1/jobs/no-such-job/cancel' },
    { method: 'DELETE', path: '/v1/datastores/no-such-datastore' },
    { method: 'POST', path: '/v1/datastores/{datastore}/documents', raw: multipart },
    { method: 'POST', path: '/v1/datastores/no-such-datastore/documents', raw: multipart },
  ];
}
