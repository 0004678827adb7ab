import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { Llama, LlamaModel } from 'node-llama-cpp';
import type { HearthSettings } from '../../common/settings.js';
import { createLogger } from '../log.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';
import { loadLlama, threadPoolOf } from './loadLlama.js';

// The thread pool shows as threads of this process: a persistent pool keeps threads − 1 workers
// (the calling thread is the first) for as long as the context lives; the prebuilt addon
// starts and joins its workers inside each decode, so none outlive it.
const skip =
  process.platform !== 'linux'
    ? 'counts threads through /proc (Linux only)'
    : os.availableParallelism() < 2
      ? 'needs 2 cores for a 2-thread pool'
      : missingTestModels([testModels.tiny]);
const threadCount = () => readdirSync('/proc/self/task').length;
const hasCompiler = spawnSync('c++', ['--version'], { stdio: 'ignore' }).status === 0;

describe('engine binary: a persistent ggml thread pool per context', { skip }, () => {
  let llama: Llama;
  let model: LlamaModel;
  before(async () => {
    llama = await loadLlama({ gpu: false } as HearthSettings, createLogger('silent'));
    model = await llama.loadModel({ modelPath: testModelPath(testModels.tiny) });
  });
  after(async () => {
    await model?.dispose();
    await llama?.dispose();
  });

  test('the install built the thread-pool addon where a C++ compiler exists', { skip: hasCompiler ? false : 'no C++ compiler: the prebuilt addon is expected' }, () => {
    // scripts/buildEngineAddon.mjs runs on every npm install; a silent fall back to the prebuilt addon fails here.
    assert.equal(llama.buildType, 'localBuild');
    assert.equal(threadPoolOf(llama), 'persistent');
  });

  test('a context keeps its workers across decodes and frees them on dispose', async (t) => {
    if (threadPoolOf(llama) === 'per-decode') return t.skip('the prebuilt addon has no persistent pool');
    const before = threadCount();
    const context = await model.createContext({ contextSize: 256, threads: 2 });
    assert.equal(threadCount(), before + 1, 'a 2-thread pool has one worker besides the caller');
    let tokens = 0;
    for await (const token of context.getSequence().evaluate(model.tokenize('Once upon a time'), { temperature: 0 })) {
      void token;
      if (++tokens === 8) break;
    }
    assert.equal(threadCount(), before + 1, 'the same worker serves every decode');

    await context.dispose();
    assert.equal(threadCount(), before, 'disposing the context stops its worker');
  });
});
