/**
 * The scripted shell session on pvlab's board (native boot): every
 * workload with small counts, the shell's commands, faults and an attack.
 * The transcript is a committed golden (regenerate with
 * _helpers/update-goldens.ts after a deliberate kernel change).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { NATIVE_GOLDEN, SESSION_EXIT_CODE, SESSION_SCRIPT, bootScript } from './_helpers/kernel.js';

const run = bootScript(SESSION_SCRIPT);

test('the session ends with halt 7: the finisher reports exit code 7', (t) => {
  t.is(run.stop, 'shutdown');
  t.is(run.exitCode, SESSION_EXIT_CODE);
  t.regex(run.transcript, /init exited with status 7: shutting down\n$/);
});

test('the transcript equals the committed golden', (t) => {
  t.is(run.transcript, readFileSync(NATIVE_GOLDEN, 'latin1'));
});

test('boot prints the banner naming the build, the memory map and the first process', (t) => {
  const lines = run.transcript.split('\n');
  t.is(lines[0], 'pvlab kernel (native)');
  t.regex(run.transcript, /^memory: ram 0x80000000-0x81000000, kernel 0x80200000-0x802[0-9a-f]{5}, \d+ free pages$/m);
  t.regex(run.transcript, /^devices: uart 0x10000000, plic 0x0c000000, finisher 0x00100000$/m);
  t.regex(run.transcript, /^starting pid 1 \(init\)\ninit: starting sh\n\$ help\n/m);
});

test('every workload reports its deterministic result', (t) => {
  for (const line of [
    'null: 200 getpid calls ok',
    'ctxsw: 50 yields in each of 2 processes ok',
    'pgfault: 16 pages touched ok',
    'fork: 8 forks ok',
    'console: line 3 of 3',
    'timer: 3 sleeps of 1 tick ok',
    'compute: 2 rounds, 309 primes below 2048, crc32 0x5f4097f5',
  ]) t.true(run.transcript.includes(`${line}\n`), line);
});

test('each workload marks exactly one measured region', (t) => {
  t.is(run.regions.length, 7);
  for (const r of run.regions) t.true(r.instructions > 0);
});

test('no memory is lost: ps reports the same free pages before and after everything', (t) => {
  const free = [...run.transcript.matchAll(/free pages: (\d+)/g)].map((m) => m[1]);
  t.is(free.length, 2);
  t.is(free[0], free[1]);
});

test('the run is exactly reproducible: same instructions, cycles and markers', (t) => {
  const again = bootScript(SESSION_SCRIPT);
  t.is(again.instructions, run.instructions);
  t.is(again.cycles, run.cycles);
  t.deepEqual(again.markers, run.markers);
});
