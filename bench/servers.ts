import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, symlink } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface BenchServer {
  url: string;
  close(): Promise<void>;
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 60_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${what} was not ready within ${timeoutMs / 1000} s:\n${seen.slice(-2000)}`));
    }, timeoutMs);
    const onData = (data: Buffer) => {
      seen += data.toString();
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', onData);
        child.stderr?.off('data', onData);
        resolve(match);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${what} exited with ${code} before it was ready:\n${seen.slice(-2000)}`)));
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** (b) Hearth as users run it: `bin/hearth.mjs serve` in its own process, keys off, on a free port. */
export async function startHearth(modelPath: string, modelId: string, threads: number | 'auto', slots: number, contextSize: number): Promise<BenchServer> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hearth-bench-'));
  const modelsDir = path.join(root, 'models');
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(modelsDir, { recursive: true });
  await symlink(modelPath, path.join(modelsDir, `${modelId}.gguf`));
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir, { recursive: true });
  await writeFile(path.join(dataDir, 'settings.json'), JSON.stringify({ gpu: false, rateLimit: { enabled: false }, models: { [modelId]: { threads, parallelSlots: slots, contextSize } } }));
  const launcher = fileURLToPath(new URL('../bin/hearth.mjs', import.meta.url));
  const child = spawn(process.execPath, [launcher, 'serve', '--port', '0', '--no-auth', '--models-dir', modelsDir, '--data-dir', dataDir], {
    env: { ...process.env, HEARTH_LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const [, url] = await waitForLine(child, /Hearth listening on (http:\/\/\S+)/, 'Hearth');
  return { url: url!, close: () => stop(child) };
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** (c) llama.cpp's own llama-server built from the same source node-llama-cpp ships. */
export async function startLlamaServer(binary: string, modelPath: string, threads: number, slots: number, contextSize: number): Promise<BenchServer> {
  const port = await freePort();
  const child = spawn(
    binary,
    ['-m', modelPath, '--host', '127.0.0.1', '--port', String(port), '-t', String(threads), '-tb', String(threads), '-np', String(slots), '-c', String(contextSize * slots), '--no-webui'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  await waitForLine(child, /listening on http/i, 'llama-server');
  return { url: `http://127.0.0.1:${port}`, close: () => stop(child) };
}
