import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Llama } from 'node-llama-cpp';
import type { HearthSettings } from '../../common/settings.js';
import { createLogger } from '../log.js';
import { loadLlama } from './loadLlama.js';
import { responseGrammar } from './responseGrammar.js';

// The grammar text is what llama.cpp samples under; these check it, with no model needed.
describe('JSON schema grammars', () => {
  let llama: Llama;
  before(async () => {
    llama = await loadLlama({ gpu: false } as HearthSettings, createLogger('silent'));
  });
  after(() => llama?.dispose());

  const rulesOf = async (schema: object) => {
    const grammar = await responseGrammar(llama, { type: 'json_schema', schema } as never);
    return grammar!.grammar;
  };

  test('an integer has no exponent (node-llama-cpp allowed one, so "integer" gave 10e-5; patched)', async () => {
    const integer = await rulesOf({ type: 'object', properties: { age: { type: 'integer' } }, required: ['age'] });
    const number = await rulesOf({ type: 'object', properties: { weight: { type: 'number' } }, required: ['weight'] });
    assert.doesNotMatch(integer, /\[eE\]/, integer);
    assert.match(number, /\[eE\]/, 'a number keeps its exponent');
  });
});
