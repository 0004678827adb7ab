/**
 * The one program that runs espeak-ng. espeak-ng is GPL-3.0-or-later, so Hearth never loads it into its
 * own process: this program runs as a child (../runProgram.ts) and talks over argv, stdin and stdout only.
 *
 * argv: the espeak-ng package's module URL, then espeak-ng's own command-line options.
 * stdin: the text to speak (UTF-8). It goes through a file in espeak's virtual file system, never argv,
 * so text that begins with `-` can't be read as an option.
 * stdout: the WAV espeak-ng wrote, or with `--voices[=variant]` its voice table.
 *
 * Emscripten's `exit()` leaves the Node process running with status 0 (the runtime is kept alive), so
 * success is judged by the output: a WAV with samples, or a table with a header line.
 */
export const espeakProgramSource = String.raw`
const [moduleUrl, ...options] = process.argv.slice(1);
const { default: createEspeak } = await import(moduleUrl);
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const text = Buffer.concat(chunks);
const listing = options.some((option) => option.startsWith('--voices'));
const lines = [];
const espeak = await createEspeak({
  arguments: listing ? options : [...options, '-b', '1', '-f', '/input.txt', '-w', '/output.wav'],
  preRun: [(module) => module.FS.writeFile('/input.txt', text)],
  print: (line) => lines.push(line),
  printErr: (line) => { if (!line.startsWith('program exited')) process.stderr.write(line + '\n'); },
});
if (listing) {
  if (lines.length < 2) { process.stderr.write('espeak-ng listed no voices\n'); process.exit(1); }
  process.stdout.write(lines.join('\n') + '\n');
} else {
  let wav;
  try { wav = espeak.FS.readFile('/output.wav'); } catch { wav = new Uint8Array(0); }
  if (wav.length <= 44) { process.stderr.write('espeak-ng wrote no audio\n'); process.exit(1); }
  process.stdout.write(wav);
}
`;
