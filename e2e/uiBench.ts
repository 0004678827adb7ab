// `npm run bench:ui`: the web UI's figures, in Debian's Chromium against a real headless server, written to
// docs/BENCHMARKS.md between the ui-bench markers. Not a test: nothing here fails on a number.
//   1. Time from navigation to a usable first screen, cold (a fresh browser context each time), and the JS
//      and CSS the page ships, gzipped.
//   2. Long lists: a request log of 10,000 entries and a models list of 500, scrolled and filtered; the
//      longest main-thread task (PerformanceObserver 'longtask', ≥ 50 ms) and the longest frame.
//   3. Downloads from the local Hugging Face stand-in: the CLI's download code in this process against the
//      server's with the UI open on the Downloads list (throughput), and how often progress reaches the page.
import { execSync, fork, type Serializable } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { readdir, readFile, symlink, writeFile, mkdtemp, rm, mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { startEventFeed } from '../common/ipc/http/eventFeed.js';
import type { IpcEvents } from '../common/ipc/events.js';
import { median, round } from '../bench/stats.js';
import type { FileFault } from '../test/fixtures/hfMirror.js';
import { testModelPath, testModels } from '../test/testModels.js';
import { buildWebUi, launchBrowser, newPage, startHearth, suiteScope } from './fixtures.js';

const sectionStart = '<!-- ui-bench:start -->';
const sectionEnd = '<!-- ui-bench:end -->';
const coldLoads = Number(process.env.BENCH_UI_LOADS ?? 7);
const downloadRounds = Number(process.env.BENCH_UI_DOWNLOAD_ROUNDS ?? 9);
/**
 * Copies of the benchmark model in one downloaded file: 4, ~400 MB, a few seconds a download, so what a download
 * costs once (the row appearing, its end) weighs little beside its steady state, as in a real multi-GB pull.
 * Into tmpfs, each removed after its arm (on the VM's disk, 4 copies wrote more than the kernel keeps dirty).
 */
const downloadCopies = 4;
const throttledBytesPerSecond = 20 * 2 ** 20;

// Downloads (and every temporary folder) go to tmpfs where there is one: this VM's disk moved download rates
// 2–3× from one round to the next (docs/notes/2026-12-06-download-bench.md), more than the UI's share to measure.
if (!process.env.TMPDIR && existsSync('/dev/shm')) process.env.TMPDIR = '/dev/shm';
const scope = suiteScope();

/**
 * CPU time (ms, user + system) used so far by the browser this benchmark started: every process below this
 * one whose name is Chromium's. Rates on two shared cores move with whatever else runs; the CPU the page
 * takes while a download runs is the UI's share itself, read the same on any machine.
 */
async function browserCpuMs(): Promise<number> {
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  const processes = new Map<number, { parent: number; name: string; ticks: number }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    // pid (comm) state ppid … utime(14) stime(15): comm may hold spaces, so split after its last ')'.
    const close = stat.lastIndexOf(')');
    if (close < 0) continue;
    const fields = stat.slice(close + 2).split(' ');
    processes.set(Number(entry), { parent: Number(fields[1]), name: stat.slice(stat.indexOf('(') + 1, close), ticks: Number(fields[11]) + Number(fields[12]) });
  }
  const isOurs = (pid: number): boolean => {
    for (let at = processes.get(pid)?.parent; at; at = processes.get(at)?.parent) if (at === process.pid) return true;
    return false;
  };
  let ticks = 0;
  for (const [pid, info] of processes) if (/chrom/i.test(info.name) && isOurs(pid)) ticks += info.ticks;
  return ticks / ticksPerMs;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Watches long tasks and frame gaps in the page from now on; `read()` gives the longest of each, in ms. */
async function watchMainThread(page: Page): Promise<{ read(): Promise<{ longestTaskMs: number; longestFrameMs: number }> }> {
  await page.evaluate(`(() => {
    const w = window;
    w.benchLongest = 0;
    w.benchFrame = 0;
    w.benchObserver?.disconnect();
    w.benchObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) w.benchLongest = Math.max(w.benchLongest, entry.duration);
    });
    w.benchObserver.observe({ type: 'longtask' });
    let last = performance.now();
    w.benchFrameStop = false;
    const frame = (now) => {
      w.benchFrame = Math.max(w.benchFrame, now - last);
      last = now;
      if (!w.benchFrameStop) requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  })()`);
  return {
    async read() {
      const [longestTaskMs, longestFrameMs] = (await page.evaluate('(() => { window.benchFrameStop = true; return [window.benchLongest, window.benchFrame]; })()')) as [number, number];
      return { longestTaskMs, longestFrameMs };
    },
  };
}

/** Scrolls an element from top to bottom in steps, a frame apart, as a wheel would. */
async function scrollThrough(page: Page, selector: string, steps = 40): Promise<void> {
  for (let step = 1; step <= steps; step++) {
    await page.evaluate(
      ([css, fraction]) => {
        const element = document.querySelector(css as string);
        // A wrong selector or a list that fits would measure nothing: say so instead.
        if (!element || element.scrollHeight <= element.clientHeight) throw new Error(`${css as string} is not a scrolled list`);
        element.scrollTop = (element.scrollHeight - element.clientHeight) * (fraction as number);
      },
      [selector, step / steps],
    );
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)))');
  }
}

async function measureFirstScreen(webUiDir: string) {
  const hearth = await startHearth(scope.t, { models: [testModels.chatml], webUiDir });
  const browser = await launchBrowser(scope.t);
  if (typeof browser === 'string') throw new Error(browser);
  const times: number[] = [];
  for (let i = 0; i < coldLoads; i++) {
    const { page } = await newPage(scope.t, browser);
    await page.goto(`${hearth.url}/#/models`);
    // Usable: the server's state is known and the models are listed with their Load buttons enabled.
    const ms = (await (
      await page.waitForFunction(() => {
        const running = document.querySelector('[data-testid="server-status"]')?.textContent?.includes('Running');
        const toggle = document.querySelector('[data-testid="model-toggle"]') as HTMLButtonElement | null;
        return running && toggle && !toggle.disabled ? performance.now() : false;
      })
    ).jsonValue()) as number;
    times.push(ms);
    await page.context().close();
  }
  const assets = path.join(webUiDir, 'assets');
  let js = 0;
  let css = 0;
  for (const name of await readdir(assets)) {
    const size = gzipSync(await readFile(path.join(assets, name)), { level: 9 }).length;
    if (name.endsWith('.js')) js += size;
    else if (name.endsWith('.css')) css += size;
  }
  return { medianMs: median(times), worstMs: Math.max(...times), jsKb: js / 1024, cssKb: css / 1024 };
}

async function measureLongLists(webUiDir: string) {
  const logSize = 10_000;
  const modelCount = 500;
  // The log on a server with no models, so 10,000 requests are quick to make; the 500 models on another.
  const logged = await startHearth(scope.t, { webUiDir, env: { HEARTH_LOG_LEVEL: 'error' } });
  await logged.server.stop();
  await writeFile(path.join(logged.dataDir, 'settings.json'), JSON.stringify({ requestLogSize: logSize }));
  const url = (await logged.server.start()).url!;
  const many = await startHearth(scope.t, { webUiDir, env: { HEARTH_LOG_LEVEL: 'error' } });
  await many.server.stop();
  // 500 models: links to one tiny file under 500 names, each read by the server as its own model.
  for (let i = 0; i < modelCount; i++) await symlink(testModelPath(testModels.tiny), path.join(many.modelsDir, `bench-model-${String(i).padStart(3, '0')}.gguf`));
  const modelsUrl = (await many.server.start()).url!;
  // 10,000 logged requests: model listings and misses (404s), 16 at a time.
  let sent = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (sent < logSize) {
        const n = sent++;
        const response = await fetch(n % 10 === 0 ? `${url}/v1/models/missing-${n}` : `${url}/v1/models`);
        await response.arrayBuffer();
      }
    }),
  );
  const browser = await launchBrowser(scope.t);
  if (typeof browser === 'string') throw new Error(browser);
  const { page } = await newPage(scope.t, browser);

  await page.goto(`${url}/#/server`);
  await page.getByTestId('log-row').first().waitFor();
  await page.waitForFunction((size) => document.querySelector('[data-testid="request-log"]')?.textContent?.includes(`of ${size}`), logSize, { timeout: 60_000 });
  const log = await watchMainThread(page);
  await scrollThrough(page, '[data-testid="request-log"] .log-body');
  await page.getByTestId('log-filter-status').selectOption('errors');
  // Filtered: fewer shown than held (every tenth request was a miss).
  await page.waitForFunction((size) => {
    const shown = /(\d+) of (\d+)/.exec(document.querySelector('[data-testid="request-log"]')?.textContent ?? '');
    return shown !== null && Number(shown[1]) < Number(shown[2]) && Number(shown[2]) >= size;
  }, logSize);
  await page.getByTestId('log-filter-status').selectOption('all');
  // The live tail while the log is full: 200 more requests arrive.
  await Promise.all(Array.from({ length: 200 }, (_, i) => fetch(`${url}/v1/models/missing-live-${i}`).then((r) => r.arrayBuffer())));
  await sleep(500);
  const logFigures = await log.read();

  const started = Date.now();
  await page.goto(`${modelsUrl}/#/models`);
  await page.waitForFunction((count) => document.querySelectorAll('[data-testid="model-row"]').length >= count || document.body.textContent?.includes(`bench-model-${count - 1}`), modelCount, { timeout: 60_000 });
  const modelsShownMs = Date.now() - started;
  const models = await watchMainThread(page);
  await scrollThrough(page, '[data-testid="models-screen"] .screen-body');
  await page.getByRole('link', { name: 'bench-model-250' }).click();
  await page.getByTestId('model-details').waitFor();
  const modelFigures = await models.read();
  return { logSize, modelCount, log: logFigures, models: { ...modelFigures, shownMs: modelsShownMs } };
}

/** A bench program (next to this file) in a process of its own; `ask` sends a message and waits for its answer. */
async function startForked(program: string, args: string[], env: NodeJS.ProcessEnv = process.env) {
  const child = fork(fileURLToPath(new URL(program, import.meta.url)), args, { execArgv: ['--import', 'tsx'], env });
  const next = () => new Promise<unknown>((resolve) => child.once('message', resolve));
  const first = await next();
  return {
    first,
    ask(message: Serializable) {
      const answered = next();
      child.send(message);
      return answered;
    },
    close: () => new Promise<void>((resolve) => (child.once('exit', () => resolve()), child.disconnect())),
  };
}

/** The stand-in in its own process (e2e/benchMirror.ts), so it does not share an event loop with a download it serves. */
async function startMirrorProcess(repo: string, file: string, names: string[], copies: number) {
  const child = await startForked('./benchMirror.ts', [repo, file, JSON.stringify(names), String(copies)]);
  return {
    url: (child.first as { url: string }).url,
    async setFault(key: string, fault: FileFault) {
      await child.ask({ setFault: [key, fault] });
    },
    close: child.close,
  };
}

async function measureDownloads(webUiDir: string) {
  const file = testModelPath(testModels.bench);
  const sizeBytes = (await stat(file)).size * downloadCopies;
  const names = Array.from({ length: downloadRounds * 3 + 1 }, (_, i) => `bench-${i}.gguf`);
  const mirror = await startMirrorProcess('bench/repo', file, names, downloadCopies);
  scope.t.after(() => mirror.close());
  const tempRoot = await mkdtemp(path.join(os.tmpdir(), 'hearth-ui-bench-'));
  scope.t.after(() => rm(tempRoot, { recursive: true, force: true }));

  // The CLI's code path (`hearth models pull`): a DownloadManager in a process of its own, no UI anywhere.
  const cliDir = path.join(tempRoot, 'cli');
  await mkdir(path.join(cliDir, 'models'), { recursive: true });
  // With the environment bin/hearth.mjs gives every command (the server has it too): UV_THREADPOOL_SIZE=1.
  const cli = await startForked('./benchCliPull.ts', [path.join(cliDir, 'data'), path.join(cliDir, 'models'), mirror.url], { ...process.env, UV_THREADPOOL_SIZE: '1' });
  scope.t.after(() => cli.close());
  const cliPull = async (name: string) => {
    const answer = (await cli.ask({ pull: `hf:bench/repo/${name}` })) as { seconds?: number; error?: string };
    if (answer.error) throw new Error(answer.error);
    return sizeBytes / answer.seconds!;
  };

  // The server as `npm run serve` starts it: bin/hearth.mjs gives it UV_THREADPOOL_SIZE=1, as it gives the CLI.
  const hearth = await startHearth(scope.t, { webUiDir, env: { HEARTH_HF_ENDPOINT: mirror.url, HEARTH_LOG_LEVEL: 'error', UV_THREADPOOL_SIZE: '1' } });
  const browser = await launchBrowser(scope.t);
  if (typeof browser === 'string') throw new Error(browser);
  const { page } = await newPage(scope.t, browser);
  await page.goto(`${hearth.url}/#/discover`);
  await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
  /** The server's download with nothing watching it: what the UI's share is measured against. */
  const serverPull = async (name: string) => sizeBytes / (await serverDownload(name));
  // The end of a download is learned from the server's event feed, as the UI learns it: polling for it added
  // requests (each one logged and pushed to the open page) and up to a poll's interval to every measured time.
  const ended = new Map<string, IpcEvents['downloads:onDidProgress']>();
  const waiters = new Map<string, () => void>();
  const feed = startEventFeed({
    baseUrl: () => hearth.url,
    apiKey: () => null,
    reportsStatus: false,
    emit: (event, payload) => {
      if (event !== 'downloads:onDidProgress') return;
      const record = payload as IpcEvents['downloads:onDidProgress'];
      if (!['completed', 'failed', 'cancelled'].includes(record.state)) return;
      ended.set(record.id, record);
      waiters.get(record.id)?.();
    },
  });
  scope.t.after(() => feed.stop());
  const serverDownload = async (name: string) => {
    const response = await fetch(`${hearth.url}/v1/admin/downloads`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ref: `hf:bench/repo/${name}` }) });
    if (!response.ok) throw new Error(`download start: ${response.status} ${await response.text()}`);
    const { id } = (await response.json()) as { id: string };
    if (!ended.has(id)) await new Promise<void>((resolve) => waiters.set(id, resolve));
    waiters.delete(id);
    const record = ended.get(id)!;
    if (record.state !== 'completed') throw new Error(`download ${record.state}: ${JSON.stringify(record.error)}`);
    const removed = await fetch(`${hearth.url}/v1/admin/library/models/${encodeURIComponent(record.modelId)}`, { method: 'DELETE' });
    if (!removed.ok) throw new Error(`model delete: ${removed.status} ${await removed.text()}`);
    // Timed by the server's own clock, from queued to completed, as the CLI arm times itself: when the event
    // reached this process (beside Playwright) is not the download's business.
    return (record.updatedAt - record.createdAt) / 1000;
  };
  /** Starts a download as the Discover screen does and follows it in the page; rate in bytes/s and the page's progress updates. */
  const uiPull = async (name: string) => {
    if (!page.url().includes('#/discover')) {
      await page.goto(`${hearth.url}/#/discover`);
      await page.getByTestId('server-status').filter({ hasText: 'Running' }).waitFor();
    }
    await page.evaluate(`(() => {
      window.benchUpdates = [];
      window.benchObserver2?.disconnect();
      window.benchObserver2 = new MutationObserver(() => {
        const bar = [...document.querySelectorAll('[data-testid="download"]')].find((row) => row.getAttribute('data-ref')?.includes(${JSON.stringify(name)}))?.querySelector('[role="progressbar"]');
        const value = bar?.getAttribute('aria-valuenow');
        const updates = window.benchUpdates;
        if (value !== undefined && value !== null && updates.at(-1)?.value !== value) updates.push({ value, at: performance.now() });
      });
      window.benchObserver2.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    })()`);
    const cpuBefore = await browserCpuMs();
    const started = performance.now();
    const pageStarted = (await page.evaluate('performance.now()')) as number;
    const seconds = await serverDownload(name);
    const browserCpuShare = ((await browserCpuMs()) - cpuBefore) / (performance.now() - started);
    await sleep(300);
    const updates = (await page.evaluate('window.benchUpdates')) as { value: string; at: number }[];
    const times = [pageStarted, ...updates.map((update) => update.at)];
    const gaps = times.slice(1).map((at, i) => at - times[i]!);
    return { rate: sizeBytes / seconds, seconds, updates: updates.length, longestGapMs: Math.max(0, ...gaps), browserCpuShare };
  };

  let next = 0;
  const cliRates: number[] = [];
  const serverRates: number[] = [];
  const uiRates: number[] = [];
  const blankCpuShares: number[] = [];
  const uiCpuShares: number[] = [];
  const arms = [
    async () => cliRates.push(await cliPull(names[next++]!)),
    async () => {
      await page.goto('about:blank');
      const cpuBefore = await browserCpuMs();
      const started = performance.now();
      const rate = await serverPull(names[next++]!);
      blankCpuShares.push(((await browserCpuMs()) - cpuBefore) / (performance.now() - started));
      serverRates.push(rate);
    },
    async () => {
      const pull = await uiPull(names[next++]!);
      uiRates.push(pull.rate);
      uiCpuShares.push(pull.browserCpuShare);
    },
  ];
  // Each round starts with another arm, so none always runs after the others' writes.
  for (let round = 0; round < downloadRounds; round++) {
    for (let i = 0; i < arms.length; i++) {
      // Each arm starts with nothing dirty: the last one's ~100 MB written back during the next one slowed that one
      // by up to 3x, whichever it was (rates from 80 to 290 MB/s in one run).
      execSync('sync');
      await arms[(round + i) % arms.length]!();
    }
  }
  // A slower connection, so the download lasts long enough to count updates a second.
  await mirror.setFault(`bench/repo/${names[next]}`, { bytesPerSecond: throttledBytesPerSecond });
  const throttled = await uiPull(names[next]!);
  if (process.env.BENCH_UI_ONLY) console.log({ cliRates, serverRates, uiRates, blankCpuShares, uiCpuShares });
  // Rates drift by 2x between rounds on a shared VM (docs/notes/2026-12-06-download-bench.md); the arms of one
  // round ran back to back, so the ratio within each round is the steadier figure.
  const perRound = (over: number[]) => median(uiRates.map((rate, round) => rate / over[round]!));
  return {
    sizeMb: sizeBytes / 2 ** 20,
    uiOverCliPerRound: perRound(cliRates),
    uiOverServerPerRound: perRound(serverRates),
    cliMbps: median(cliRates) / 2 ** 20,
    serverMbps: median(serverRates) / 2 ** 20,
    uiMbps: median(uiRates) / 2 ** 20,
    blankCpuShare: median(blankCpuShares),
    uiCpuShare: median(uiCpuShares),
    throttled,
  };
}

function report(first: Awaited<ReturnType<typeof measureFirstScreen>>, lists: Awaited<ReturnType<typeof measureLongLists>>, downloads: Awaited<ReturnType<typeof measureDownloads>>): string {
  let kernel = '';
  try {
    kernel = execSync('uname -sr').toString().trim();
  } catch {}
  const chromium = (() => {
    try {
      return execSync('/usr/bin/chromium --version').toString().trim();
    } catch {
      return 'Chromium';
    }
  })();
  const updatesPerSecond = downloads.throttled.updates / downloads.throttled.seconds;
  // How much of the last 5 minutes something waited for a CPU (other tenants of the host included): rates on this
  // VM move with it, so it is printed beside them.
  let pressure = '';
  try {
    const some = /avg300=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    if (some) pressure = `, CPU pressure over the last 5 minutes ${some[1]} % (/proc/pressure/cpu, some)`;
  } catch {}
  return [
    sectionStart,
    '## Web UI',
    '',
    'Written by `npm run bench:ui` (e2e/uiBench.ts); the figures below are the last run.',
    '',
    `- Machine: ${os.cpus()[0]?.model ?? 'unknown'}, ${os.availableParallelism()} logical cores, RAM ${round(os.totalmem() / 2 ** 30)} GiB, ${kernel}, Node ${process.version}, ${chromium} headless (--disable-gpu), viewport 1100×720${pressure}; ${new Date().toISOString().slice(0, 10)}.`,
    `- First screen: \`#/models\` opened in a fresh browser context (nothing cached), ${coldLoads} times, against \`npm run serve\`'s server with one model; usable = the server shows Running and a model's Load button is enabled; time from navigation start (the page's performance.now()). Shipped: every JS and CSS file of the build, gzip -9. Targets: ≤ 1 s, JS ≤ 500 KB.`,
    `- Long lists: the server's request log holds ${lists.logSize} requests (requestLogSize ${lists.logSize}), and the models folder ${lists.modelCount} models. On the Server screen: scroll the log top to bottom in 40 steps, filter to errors and back, then 200 requests arrive live. On Models: scroll the list, open a model's details. Longest task = the longest PerformanceObserver 'longtask' entry (none under 50 ms is reported as 0); longest frame = the longest gap between animation frames.`,
    `- Downloads: a ${round(downloads.sizeMb)} MB file (${downloadCopies} copies of the benchmark model, removed after each arm) from the local Hugging Face stand-in (in a process of its own), ${downloadRounds} rounds, each of three in turn (the first of a round rotates): the CLI's code (DownloadManager in a process of its own with UV_THREADPOOL_SIZE=1, as \`hearth models pull\` runs it), the server's with no page open, and the server's while the web UI shows the Downloads list; downloads written to ${process.env.TMPDIR === '/dev/shm' ? 'tmpfs (/dev/shm: the VM\'s disk moved rates 2–3× from one round to the next)' : process.env.TMPDIR ?? os.tmpdir()}; each arm after a \`sync\`; rate = size ÷ time from queued to completed (sha256 checked) by the downloading process's own clock (the record's timestamps), median; ratios are taken within each round (its arms ran back to back), then their median. Browser CPU = CPU time of all the browser's processes (from /proc) during a download ÷ its duration: the UI's own cost, which rates on two shared cores hide. Progress updates = changes of the download's progress bar seen in the page, on a stand-in throttled to ${throttledBytesPerSecond / 2 ** 20} MiB/s. Targets: UI ÷ CLI ≥ 0.95, ≥ 2 updates a second.`,
    '',
    '| figure | value | target |',
    '| --- | --- | --- |',
    `| first screen usable, median (worst) | ${round(first.medianMs, 0)} ms (${round(first.worstMs, 0)} ms) | ≤ 1000 ms |`,
    `| JS shipped, gzipped | ${round(first.jsKb)} KB | ≤ 500 KB |`,
    `| CSS shipped, gzipped | ${round(first.cssKb)} KB | |`,
    `| request log ${lists.logSize}: longest task / longest frame | ${round(lists.log.longestTaskMs, 0)} ms / ${round(lists.log.longestFrameMs, 0)} ms | no visible stall |`,
    `| models ${lists.modelCount}: listed after / longest task / longest frame | ${round(lists.models.shownMs, 0)} ms / ${round(lists.models.longestTaskMs, 0)} ms / ${round(lists.models.longestFrameMs, 0)} ms | no visible stall |`,
    `| download rate, CLI / server, no page open / server, UI open | ${round(downloads.cliMbps)} / ${round(downloads.serverMbps)} / ${round(downloads.uiMbps)} MB/s (ratios within each round, median: UI ÷ CLI ${downloads.uiOverCliPerRound.toFixed(2)}×, UI ÷ no page ${downloads.uiOverServerPerRound.toFixed(2)}×) | ≥ 0.95× the CLI |`,
    `| browser CPU during a download, about:blank / Discover open | ${round(downloads.blankCpuShare * 100, 1)} % / ${round(downloads.uiCpuShare * 100, 1)} % of a core | |`,
    `| progress updates in the page (throttled) | ${round(updatesPerSecond)} a second over ${round(downloads.throttled.seconds)} s, longest gap ${round(downloads.throttled.longestGapMs, 0)} ms; browser CPU ${round(downloads.throttled.browserCpuShare * 100, 1)} % of a core (${round((downloads.throttled.browserCpuShare * 1000) / updatesPerSecond, 1)} ms an update) | ≥ 2 a second |`,
    sectionEnd,
  ].join('\n');
}

async function main() {
  const webUiDir = await buildWebUi();
  if (process.env.BENCH_UI_ONLY === 'downloads') {
    // While working on download speed: that part alone, printed, BENCHMARKS.md left as it is.
    return console.log('downloads', await measureDownloads(webUiDir));
  }
  if (process.env.BENCH_UI_ONLY === 'lists') return console.log('long lists', await measureLongLists(webUiDir));
  const first = await measureFirstScreen(webUiDir);
  console.log('first screen', first);
  const lists = await measureLongLists(webUiDir);
  console.log('long lists', lists);
  const downloads = await measureDownloads(webUiDir);
  console.log('downloads', downloads);
  const section = report(first, lists, downloads);
  console.log(section);
  if (process.env.BENCH_WRITE !== '0') {
    const file = fileURLToPath(new URL('../docs/BENCHMARKS.md', import.meta.url));
    const current = await readFile(file, 'utf8');
    const start = current.indexOf(sectionStart);
    const end = current.indexOf(sectionEnd);
    const next = start >= 0 && end > start ? `${current.slice(0, start)}${section}${current.slice(end + sectionEnd.length)}` : `${current.trimEnd()}\n\n${section}\n`;
    await writeFile(file, next);
  }
}

try {
  await main();
} finally {
  await scope.close();
}
