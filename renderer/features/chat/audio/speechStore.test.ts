import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveObjectURL } from 'node:buffer';
import { maxSpeechInputChars } from '../../../../common/api/speech.js';
import { startTestServer } from '../../../../test/startServer.js';
import { connectStores } from '../../../../test/rendererStores.js';
import { useSpeechStore } from './speechStore.js';

/** The blob a piece plays from: what the server sent, kept under a blob: URL. */
const blobOf = (url: string | null | undefined) => (url ? resolveObjectURL(url) : undefined);

test('the speech store against the real server: a long reply in pieces, a second press stops, a refusal in words', async (t) => {
  const server = await startTestServer();
  t.after(() => server.close());
  connectStores(t, server.url);
  const store = useSpeechStore.getState;

  // Longer than one request may carry: spoken in two pieces, one after the other.
  const reply = 'The ship sails at dawn. '.repeat(Math.ceil((maxSpeechInputChars * 1.5) / 24));
  const started = store().toggle('m1', reply);
  assert.deepEqual(store().speaking, { messageId: 'm1', url: null, piece: 0, pieces: 2 }, 'fetching the first piece');
  await started;
  const first = store().speaking;
  assert.equal(first?.piece, 0);
  const firstBlob = blobOf(first?.url);
  assert.equal(firstBlob?.type, 'audio/mpeg');
  assert.ok(firstBlob!.size > 1000);

  await store().next();
  const second = store().speaking;
  assert.equal(second?.piece, 1);
  assert.ok(second?.url && second.url !== first?.url);
  assert.equal(blobOf(first?.url), undefined, 'the played piece’s URL is freed');
  await store().next();
  assert.equal(store().speaking, null, 'done after the last piece');

  // A second press on the same reply stops it, even while its audio is on the way.
  const again = store().toggle('m1', 'Short one.');
  await store().toggle('m1', 'Short one.');
  await again;
  assert.equal(store().speaking, null);

  await store().toggle('m2', 'Hello.', 'no-such-voice');
  assert.equal(store().speaking, null);
  assert.equal(store().error?.messageId, 'm2');
  assert.match(store().error!.text, /voice/i);

  await store().loadVoices();
  assert.ok(store().voices.some((voice) => voice.id === 'alloy' && voice.aliasOf));
});
