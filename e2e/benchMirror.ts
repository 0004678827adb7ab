// The local Hugging Face stand-in in a process of its own, for bench:ui: served from the benchmark's own
// process it shared an event loop with the in-process CLI download it was timing, and slowed it.
// argv: repo, file on disk, names to serve it under (JSON), how many copies of the file make one body (a
// longer download than the one file gives, so its start and end weigh less). Messages in: {setFault: [key, fault]}.
import { readFile } from 'node:fs/promises';
import { startHfMirror, type FileFault } from '../test/fixtures/hfMirror.js';

const [repo, file, namesJson, copies] = process.argv.slice(2);
const one = await readFile(file!);
const body = Buffer.concat(Array.from({ length: Number(copies ?? 1) }, () => one));
const names = JSON.parse(namesJson!) as string[];
const mirror = await startHfMirror({ [repo!]: { files: Object.fromEntries(names.map((name) => [name, body])) } });
process.on('message', (message: { setFault?: [string, FileFault] }) => {
  if (message.setFault) mirror.setFault(...message.setFault);
  process.send!({ done: true });
});
process.on('disconnect', () => void mirror.close().then(() => process.exit(0)));
process.send!({ url: mirror.url });
