/**
 * The entry of a helper program's process in the desktop app: the shell starts it as a utility process of its
 * own for each program the server runs (serveShell.ts), because the packaged app can't start a plain Node.
 * It takes the program's ES module source, argv and stdin by message, and gives its stdout, stderr and exit
 * code through the process's own, as `node -e` would. Tests start it with child_process.fork.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parentLink } from './messageLink.js';
import { toRunnerMessage } from './shellMessages.js';

const link = parentLink();
if (!link) throw new Error('The program runner needs a parent to send it its program.');

const stdin = new PassThrough();
// The program reads process.stdin as it would under `node -e`; a utility process has none of its own.
Object.defineProperty(process, 'stdin', { value: stdin, configurable: true, enumerable: true });

const stopListening = link.listen((raw) => {
  const message = toRunnerMessage.parse(raw);
  if (message.type === 'run') void run(message.source, message.args);
  else if (message.type === 'stdin') stdin.write(message.chunk);
  else {
    stdin.end();
    stopListening();
  }
});
link.post({ type: 'ready' });

async function run(source: string, args: string[]): Promise<void> {
  process.argv = [process.execPath, ...args];
  // A file rather than a data: URL, so that import.meta.url is a file URL the program can createRequire from;
  // in a folder only we can read, which the program removes as its first statement (static imports are
  // evaluated before it, so the loader has read the file by then), and which 'exit' removes if it never ran.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hearth-program-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'program.mjs');
  const cleanup = `import { rmSync as hearthRemoveProgram } from 'node:fs'; hearthRemoveProgram(new URL('.', import.meta.url), { recursive: true, force: true });`;
  writeFileSync(file, `${cleanup}\n${source}`, { mode: 0o600 });
  try {
    await import(pathToFileURL(file).href);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
  // A utility process doesn't end when its event loop is empty (electron/electron#47228), so a program's work
  // ends with its top-level code, as each of Hearth's does (they await everything). A write's callback comes
  // after the writes before it, so nothing written is lost to the exit.
  await new Promise((resolve) => process.stdout.write('', resolve));
  await new Promise((resolve) => process.stderr.write('', resolve));
  process.exit();
}
