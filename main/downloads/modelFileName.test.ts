import assert from 'node:assert/strict';
import { test } from 'node:test';
import { safeFolderFilePath } from './modelFileName.js';

test("a folder model's paths are kept as the repo names them (espeak-ng's `voices/!v/Mr serious`), or refused", () => {
  for (const kept of ['tokens.txt', 'espeak-ng-data/phontab', 'espeak-ng-data/voices/!v/Mr serious', 'espeak-ng-data/lang/roa/pt-BR', 'a']) assert.equal(safeFolderFilePath(kept), kept);
  for (const refused of ['../x', 'a/../b', '/abs', 'a\\b', '.hidden', 'a/ lead', 'trail /b', 'dot.', 'a:b', 'a*b', 'a/b/c/d/e/f/g/h/i', '']) {
    assert.throws(() => safeFolderFilePath(refused), (error: Error & { status?: number }) => error.status === 400, refused);
  }
});
