import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AbortedError } from '../../common/errors.js';
import { ProgramError, runProgram, runProgramForOutput } from './runProgram.js';

const limits = { what: 'Testing', timeoutMs: 10_000, maxOutputBytes: 100 };
const echo = `for await (const chunk of process.stdin) process.stdout.write(Buffer.from(chunk).reverse()); process.stdout.write(process.argv.slice(1).join(','));`;

test('a program gets argv and stdin and answers on stdout', async () => {
  const out = await runProgramForOutput({ ...limits, source: echo, args: ['-v', '--x'], input: Buffer.from('abc') });
  assert.equal(out.toString(), 'cba-v,--x');
});

test('an exit code comes back with stderr; for output only, it is a ProgramError carrying stderr', async () => {
  const source = `process.stdout.write('partial'); process.stderr.write('voice not found'); process.exit(3);`;
  const result = await runProgram({ ...limits, source, args: [] });
  assert.deepEqual([result.code, result.stdout.toString(), result.stderr], [3, 'partial', 'voice not found']);
  await assert.rejects(runProgramForOutput({ ...limits, source, args: [] }), (error: unknown) => error instanceof ProgramError && /Testing failed \(exit code 3\): voice not found/.test(error.message));
});

test('a program is killed past its time, past its output limit, and when the caller aborts', async () => {
  const sleeper = `setTimeout(() => {}, 60_000);`;
  const started = performance.now();
  await assert.rejects(runProgram({ ...limits, source: sleeper, args: [], timeoutMs: 300 }), /Testing took longer than 0.3 s/);
  assert.ok(performance.now() - started < 5000);

  const flood = `const block = Buffer.alloc(65536, 1); const write = () => { while (process.stdout.write(block)); process.stdout.once('drain', write); }; write();`;
  await assert.rejects(runProgram({ ...limits, source: flood, args: [], maxOutputBytes: 1_000_000 }), /more than 1000000 bytes/);

  const controller = new AbortController();
  const running = runProgram({ ...limits, source: sleeper, args: [], signal: controller.signal, timeoutMs: 60_000 });
  setTimeout(() => controller.abort(), 100);
  await assert.rejects(running, AbortedError);
  await assert.rejects(runProgram({ ...limits, source: sleeper, args: [], signal: controller.signal }), AbortedError);
});
