// `npm run bench`: the same model and prompt through (a) node-llama-cpp in
// process, (b) Hearth's server over HTTP streaming and (c) llama.cpp's own
// llama-server when LLAMA_SERVER names a binary. Writes docs/BENCHMARKS.md.
import { execSync } from 'node:child_process';
import { getLlama } from 'node-llama-cpp';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { testModelPath, testModels, type TestModelId } from '../test/testModels.js';
import { timedCompletion, type StreamTiming } from './streamClient.js';
import { InProcessRunner } from './inProcess.js';
import { startHearth, startLlamaServer } from './servers.js';
import { median, percentile, round } from './stats.js';

const slots = 4;
const contextSize = 2048;
const decodeTokens = Number(process.env.BENCH_TOKENS ?? 128);
const trials = Number(process.env.BENCH_TRIALS ?? 5);
// Decode is the figure with a target, and the VM drifts between runs: more rounds, each compared in pairs.
const decodeRounds = Number(process.env.BENCH_DECODE_ROUNDS ?? 20);
const ttftRequests = Number(process.env.BENCH_TTFT_REQUESTS ?? 10);
const concurrencies = [1, 2, 4];
const basePrompt =
  'Once upon a time, in a small village by the sea, there lived a girl named Lily who loved to watch the boats. Every morning she walked to the harbour with her dog, and every evening she told her grandmother what she had seen.';

type System = 'a' | 'b' | 'c';
type Runner = (prompt: string, maxTokens: number) => Promise<StreamTiming>;

interface ModelResult {
  model: string;
  threads: number;
  decode: Partial<Record<System, number>>;
  /** Median and range over the rounds of (b) ÷ (a) and (b) ÷ (c), each taken within one round. */
  pairedDecode: Partial<Record<'ba' | 'bc', Spread>>;
  ttftP50: Partial<Record<System, number>>;
  ttftP95: Partial<Record<System, number>>;
  aggregate: Partial<Record<System, Record<number, number>>>;
  /** Median and range over the trials of 4 streams ÷ 1 stream, each taken within one trial. */
  scaling: Partial<Record<System, Spread>>;
}

interface Spread {
  median: number;
  min: number;
  max: number;
}

function spread(values: number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

const decodeRate = (t: StreamTiming) => ((t.tokens - 1) / t.decodeMs) * 1000;

async function benchModel(id: TestModelId, llamaServer: string | undefined): Promise<ModelResult> {
  const modelPath = testModelPath(id);
  // BENCH_THREADS pins the thread count instead of the engine's measured choice, to compare the two.
  const hearth = await startHearth(modelPath, id, process.env.BENCH_THREADS ? Number(process.env.BENCH_THREADS) : 'auto', slots, contextSize);
  const runners: Partial<Record<System, Runner>> = { b: (p, n) => timedCompletion(hearth.url, id, p, n) };
  const closers: Array<() => Promise<void>> = [() => hearth.close()];
  try {
    await runners.b!(basePrompt, 4); // loads the model and measures its threads
    const info = await (await fetch(`${hearth.url}/v1/models/${id}`)).json();
    const threads: number = info.hearth?.loaded?.threads;
    if (!threads) throw new Error(`Hearth did not report the threads of ${id}: ${JSON.stringify(info)}`);

    const inProcess = await InProcessRunner.open(modelPath, threads, slots, contextSize);
    closers.push(() => inProcess.close());
    runners.a = (p, n) => inProcess.run(p, n);
    if (llamaServer) {
      const server = await startLlamaServer(llamaServer, modelPath, threads, slots, contextSize);
      closers.push(() => server.close());
      runners.c = (p, n) => timedCompletion(server.url, id, p, n);
    }
    const systems = Object.keys(runners).sort() as System[];
    for (const system of systems) await runners[system]!(basePrompt, 8); // warm-up

    const result: ModelResult = { model: id, threads, decode: {}, pairedDecode: {}, ttftP50: {}, ttftP95: {}, aggregate: {}, scaling: {} };
    // Interleave the systems in every round so drift on a shared VM hits them alike.
    const ttft: Partial<Record<System, number[]>> = {};
    for (let i = 0; i < ttftRequests; i++) {
      for (const system of systems) {
        // A distinct first word per request, so no system answers from a cached prompt.
        const t = await runners[system]!(`Story ${i} of ${system}. ${basePrompt}`, 4);
        (ttft[system] ??= []).push(t.ttftMs);
      }
    }
    const decode: Partial<Record<System, number[]>> = {};
    for (let i = 0; i < decodeRounds; i++) {
      // Every other round runs the systems in reverse, so none always follows the same neighbour.
      for (const system of i % 2 ? [...systems].reverse() : systems) {
        (decode[system] ??= []).push(decodeRate(await runners[system]!(`Trial ${i}. ${basePrompt}`, decodeTokens)));
      }
    }
    for (const [key, other] of [['ba', 'a'], ['bc', 'c']] as const) {
      if (!decode[other]) continue;
      const ratios = decode.b!.map((rate, i) => rate / decode[other]![i]!);
      result.pairedDecode[key] = spread(ratios);
    }
    for (const system of systems) {
      result.ttftP50[system] = percentile(ttft[system]!, 50);
      result.ttftP95[system] = percentile(ttft[system]!, 95);
      result.decode[system] = median(decode[system]!);
      result.aggregate[system] = {};
    }
    const aggregate: Partial<Record<System, Record<number, number[]>>> = {};
    for (let i = 0; i < trials; i++) {
      for (const streams of concurrencies) {
        for (const system of systems) {
          const started = performance.now();
          const timings = await Promise.all(
            Array.from({ length: streams }, (_, s) => runners[system]!(`Round ${i}, stream ${s} of ${streams}. ${basePrompt}`, decodeTokens)),
          );
          const seconds = (performance.now() - started) / 1000;
          ((aggregate[system] ??= {})[streams] ??= []).push(timings.reduce((sum, t) => sum + t.tokens, 0) / seconds);
        }
      }
    }
    for (const system of systems) {
      for (const streams of concurrencies) result.aggregate[system]![streams] = median(aggregate[system]![streams]!);
      const [one, four] = [aggregate[system]![1]!, aggregate[system]![4]!];
      result.scaling[system] = spread(four.map((rate, i) => rate / one[i]!));
    }
    return result;
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {});
  }
}

function ratio(x: number | undefined, y: number | undefined): string {
  return x && y ? round(x / y, 2).toFixed(2) : 'n/a';
}

function report(results: ModelResult[], machine: string[], llamaServer: string | undefined): string {
  const lines: string[] = [];
  const fmt = (v: number | undefined) => (v === undefined ? 'n/a' : String(round(v)));
  for (const r of results) {
    lines.push(`### ${r.model} (threads: ${r.threads}, measured by Hearth's engine)`, '');
    lines.push('| system | decode tok/s | TTFT p50 ms | TTFT p95 ms | aggregate tok/s, 1 stream | 2 streams | 4 streams | 4 streams ÷ 1 |');
    lines.push('| --- | --- | --- | --- | --- | --- | --- | --- |');
    const names: Record<System, string> = { a: '(a) node-llama-cpp in process', b: '(b) Hearth server, HTTP stream', c: '(c) llama-server, HTTP stream' };
    const showSpread = (p: Spread | undefined, what: string) =>
      p ? `${round(p.median, 2).toFixed(2)} (${what} ${round(p.min, 2).toFixed(2)}–${round(p.max, 2).toFixed(2)})` : 'n/a';
    const paired = (key: 'ba' | 'bc') => showSpread(r.pairedDecode[key], 'rounds');
    for (const system of ['a', 'b', 'c'] as System[]) {
      if (r.decode[system] === undefined) continue;
      const agg = r.aggregate[system]!;
      lines.push(`| ${names[system]} | ${fmt(r.decode[system])} | ${fmt(r.ttftP50[system])} | ${fmt(r.ttftP95[system])} | ${fmt(agg[1])} | ${fmt(agg[2])} | ${fmt(agg[4])} | ${showSpread(r.scaling[system], 'trials')} |`);
    }
    lines.push('', `Ratios: decode (b)/(a) = ${paired('ba')}, (b)/(c) = ${paired('bc')}; 4-stream aggregate (b)/(c) = ${ratio(r.aggregate.b?.[4], r.aggregate.c?.[4])}.`, '');
  }
  return [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); the tables below are the last run. Re-run after engine changes.',
    '',
    '## Machine',
    '',
    ...machine.map((m) => `- ${m}`),
    '',
    '## Method',
    '',
    `- The same GGUF file and the same raw prompt (no chat template) through three systems: (a) node-llama-cpp in the benchmark process (\`LlamaCompletion\`), (b) Hearth's server started as users start it (\`bin/hearth.mjs serve\`, its own process, keys off) and read over HTTP streaming (\`POST /v1/completions\`, \`stream: true\`), (c) llama.cpp's \`llama-server\` (${llamaServer ? 'given' : 'not given this run'}) read by the same client code.`,
    `- Threads: Hearth measures the fastest count for each model on first load (main/engine/ThreadTuner.ts); (a) and (c) use that same count. ${slots} slots, ${contextSize} tokens of context per slot, greedy sampling.`,
    `- Decode tok/s: (tokens − 1) ÷ time from the first to the last streamed token, median of ${decodeRounds} rounds of ${decodeTokens} tokens per system. The decode ratios are the median of the ratios taken within each round (the systems run one after the other, in alternating order), with their range; a ratio of medians would mix rounds the VM ran at different speeds. TTFT: time from sending the request to the first token, over ${ttftRequests} requests with distinct prompts (no prompt cache hits). Aggregate: all tokens of N concurrent streams ÷ wall time from start to the last stream's end, median of ${trials} trials (each trial runs 1, 2 and 4 streams on each system in turn); "4 streams ÷ 1" is the median of that ratio taken within each trial, with its range.`,
    '- The systems are interleaved within each round so drift on a shared VM (±15–20% over minutes on this machine) hits them alike.',
    '- Targets: decode (b)/(c) ≥ 0.95 on the realistic model; 4 streams aggregate ≥ 1.5× one stream.',
    '',
    '## Results',
    '',
    ...lines,
    '## Building the reference llama-server offline',
    '',
    'node-llama-cpp ships the exact llama.cpp source it binds as a git bundle, so the reference needs no network:',
    '',
    '```sh',
    'git clone node_modules/node-llama-cpp/llama/gitRelease.bundle /tmp/llama.cpp',
    'cmake -S /tmp/llama.cpp -B /tmp/llama.cpp/build -DCMAKE_BUILD_TYPE=Release -DLLAMA_BUILD_TESTS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_USE_PREBUILT_UI=OFF -DLLAMA_CURL=OFF',
    'cmake --build /tmp/llama.cpp/build -j2 --target llama-server   # about 10-20 minutes on 2 cores',
    'LLAMA_SERVER=/tmp/llama.cpp/build/bin/llama-server npm run bench',
    '```',
    '',
  ].join('\n');
}

async function machineFacts(): Promise<string[]> {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const pkg = JSON.parse(await readFile(path.join(root, 'node_modules/node-llama-cpp/package.json'), 'utf8'));
  const info = JSON.parse(await readFile(path.join(root, 'node_modules/node-llama-cpp/llama/llama.cpp.info.json'), 'utf8').catch(() => '{}'));
  // The same binding Hearth's engine picks (loadLlama): the rebuilt thread-pool addon where the install made one.
  const llama = await getLlama({ gpu: false, build: 'never', progressLogs: false });
  const binary = llama.buildType === 'localBuild' ? "addon rebuilt with a persistent thread pool (scripts/buildEngineAddon.mjs) on the prebuilt CPU libraries" : 'prebuilt CPU binary, no persistent thread pool';
  let kernel = '';
  try {
    kernel = execSync('uname -sr').toString().trim();
  } catch {}
  return [
    `CPU: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.availableParallelism()} logical cores; RAM ${round(os.totalmem() / 2 ** 30)} GiB; no GPU used (gpu: false)`,
    `OS: ${kernel || os.platform()}; Node ${process.version}; node-llama-cpp ${pkg.version} (${binary}), llama.cpp ${info.tag ?? 'bundled'}`,
    `UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 'default'} (set by the launcher, see docs/ENGINE.md)`,
    `Date: ${new Date().toISOString().slice(0, 10)}`,
  ];
}

async function main(): Promise<void> {
  const llamaServer = process.env.LLAMA_SERVER;
  if (llamaServer && !existsSync(llamaServer)) throw new Error(`LLAMA_SERVER=${llamaServer} does not exist.`);
  const models = (process.env.BENCH_MODELS?.split(',') as TestModelId[] | undefined) ?? [testModels.tiny, testModels.bench];
  const results: ModelResult[] = [];
  for (const model of models) {
    console.log(`benchmarking ${model}…`);
    const result = await benchModel(model, llamaServer);
    console.log(JSON.stringify(result));
    results.push(result);
  }
  const markdown = report(results, await machineFacts(), llamaServer);
  const out = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
  // The RAG section is written by `npm run bench:rag` (bench/rag/run.ts): keep it.
  const previous = await readFile(out, 'utf8').catch(() => '');
  const rag = previous.indexOf('<!-- rag-bench:start -->');
  if (process.env.BENCH_WRITE !== '0') await writeFile(out, rag >= 0 ? `${markdown.trimEnd()}\n\n${previous.slice(rag)}` : markdown);
  console.log(markdown);
}

// `bench rag` (npm run bench:rag) is the datastores' benchmark.
const run = process.argv[2] === 'rag' ? import('./rag/run.js').then(() => undefined) : main();
run.catch((error) => {
  console.error(error);
  process.exit(1);
});
