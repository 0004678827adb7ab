import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ContextLengthError, EngineBusyError, ModelNotFoundError, PayloadTooLargeError } from '../../common/errors.js';
import { errorBody, errorStatus } from './errorBody.js';

describe('each family’s error body, written in one place', () => {
  test('Anthropic: its types by status, and 529 overloaded_error for a busy engine', () => {
    assert.deepEqual(errorBody('anthropic', new ModelNotFoundError('x')), { type: 'error', error: { type: 'not_found_error', message: new ModelNotFoundError('x').message } });
    assert.equal((errorBody('anthropic', new ContextLengthError('too long', 10, 20)) as { error: { type: string } }).error.type, 'invalid_request_error');
    assert.equal((errorBody('anthropic', new PayloadTooLargeError('big')) as { error: { type: string } }).error.type, 'request_too_large');
    const busy = new EngineBusyError('busy', 1);
    assert.equal((errorBody('anthropic', busy) as { error: { type: string } }).error.type, 'overloaded_error');
    assert.equal(errorStatus('anthropic', busy), 529);
    assert.equal(errorStatus('openai', busy), 503);
  });

  test('the other families keep their shapes', () => {
    const error = new ModelNotFoundError('x');
    assert.deepEqual(errorBody('openai', error), { error: { message: error.message, type: 'not_found_error', param: 'model', code: 'model_not_found' } });
    assert.deepEqual(errorBody('ollama', error), { error: error.message });
    assert.deepEqual(errorBody('locallab', error), { detail: error.message, error: { message: error.message, type: 'not_found_error', code: 'model_not_found' } });
  });
});
