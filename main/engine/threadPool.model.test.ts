import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import os from 'node:os';
import { after, before, describe, test } from 'node:test';
import type { Llama, LlamaModel } from 'node-llama-cpp';
import type { HearthSettings } from '../../common/settings.js';
import { createLogger } from '../log.js';
import { missingTestModels, testModelPath, testModels } from '../../test/testModels.js';
import { loadLlama, threadPoolOf, usesStockAddon } from './loadLlama.js';

// The thread pool shows as threads of this process: a persistent pool keeps threads − 1 workers
// (the calling thread is the first) for as long as the context lives; the prebuilt addon
// starts and joins its workers inside each decode, so none outlive it.
const skip =
  process.platform !== 'linux'
    ? 'counts threads through /proc (Linux only)'
    : os.availableParallelism() < 2
      ? 'needs 2 cores for a 2-thread pool'
      : missingTestModels([testModels.tiny]);
const threadIds = () => readdirSync('/proc/self/task');
const threadCount = () => threadIds().length;
/** CPU time (ms) a thread of this process has used, from /proc (utime + stime, in clock ticks of 10 ms). */
function threadCpuMs(tid: string): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}
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

  test('the install built the thread-pool addon where a C++ compiler exists', { skip: usesStockAddon() ? 'HEARTH_ENGINE_ADDON=prebuilt asks for the prebuilt addon' : hasCompiler ? false : 'no C++ compiler: the prebuilt addon is expected' }, () => {
    // scripts/buildEngineAddon.mjs runs on every npm install; a silent fall back to the prebuilt addon fails here.
    assert.equal(llama.buildType, 'localBuild');
    assert.equal(threadPoolOf(llama), 'persistent');
  });

  test('HEARTH_ENGINE_ADDON=prebuilt loads node-llama-cpp\'s prebuilt addon', { skip: usesStockAddon() ? false : 'only in the prebuilt tier (npm run test:prebuilt)' }, () => {
    // Without this, the prebuilt tier would quietly test the rebuilt addon again.
    assert.equal(llama.buildType, 'prebuilt');
    assert.equal(threadPoolOf(llama), 'per-decode');
  });

  test('a context keeps its workers across decodes and frees them on dispose', async (t) => {
    if (threadPoolOf(llama) === 'per-decode') return t.skip('the prebuilt addon has no persistent pool');
    const beforeIds = new Set(threadIds());
    const before = beforeIds.size;
    const context = await model.createContext({ contextSize: 256, threads: 2 });
    assert.equal(threadCount(), before + 1, 'a 2-thread pool has one worker besides the caller');
    const worker = threadIds().find((tid) => !beforeIds.has(tid))!;
    let tokens = 0;
    for await (const token of context.getSequence().evaluate(model.tokenize('Once upon a time'), { temperature: 0 })) {
      void token;
      if (++tokens === 8) break;
    }
    assert.equal(threadCount(), before + 1, 'the same worker serves every decode');

    // The worker polls for a few milliseconds after a decode (it covers the gap between two tokens),
    // then sleeps: an idle model must not keep a core busy.
    await sleep(200);
    const idleFrom = threadCpuMs(worker);
    await sleep(1000);
    assert.ok(threadCpuMs(worker) - idleFrom <= 50, `the idle worker used ${threadCpuMs(worker) - idleFrom} ms of CPU in 1 s`);

    await context.dispose();
    assert.equal(threadCount(), before, 'disposing the context stops its worker');
  });
});
