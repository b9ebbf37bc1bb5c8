/**
 * Compressed code against QEMU with the C extension on: programs of
 * _programs/rvc/, assembled by pvlab's assembler with automatic
 * compression, give QEMU's transcript on pvlab's default rv32imac hart —
 * interpreted only and compiled at once — and QEMU, run now,
 * still gives the committed golden (PVLAB_REQUIRE_REFERENCE_TOOLS=1 makes
 * its absence a failure). Regenerate: see RVC_REGENERATE.
 */
import test from 'ava';
import { runBare, useCompiler } from '@pvlab/hypervisor';
import { QEMU, QEMU_ARGS_RVC, hasQemu, runQemu } from '../_programs/qemu.js';
import { RVC_PROGRAMS, RVC_REGENERATE, buildRvcProgram, digest, rvcStatus, rvcTranscript } from '../_programs/rvc/build.js';

const REQUIRE_TOOLS = process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1';

for (const name of RVC_PROGRAMS) {
  const elf = buildRvcProgram(name);

  test(`${name}: the golden transcript is there and belongs to this ELF`, (t) => {
    t.truthy(rvcTranscript(name), `no golden: run ${RVC_REGENERATE}`);
    t.is(rvcStatus()?.programs[name]?.elfSha256, digest(elf), `${name}.s or the assembler changed: run ${RVC_REGENERATE}`);
  });

  test(`${name}: QEMU with C on gives the golden transcript`, (t) => {
    if (!hasQemu()) {
      if (REQUIRE_TOOLS) t.fail(`${QEMU} is not installed and PVLAB_REQUIRE_REFERENCE_TOOLS=1`);
      else t.pass(`${QEMU} is not installed: skipped`);
      return;
    }
    const run = runQemu(elf, undefined, QEMU_ARGS_RVC);
    t.false(run.timedOut);
    t.is(run.output, rvcTranscript(name) ?? '');
    t.is(run.exitCode, rvcStatus()?.programs[name]?.exitCode ?? -1);
  });

  for (const compiled of [false, true]) {
    test.serial(`${name}: pvlab's rv32imac hart gives QEMU's transcript (${compiled ? 'compiled at once' : 'interpreted only'})`, (t) => {
      useCompiler(compiled, { hot: 1 });
      try {
        const run = runBare(elf, { maxInstructions: 10_000_000 });
        t.is(run.output, rvcTranscript(name) ?? '', `stopped by ${run.stop} after ${run.instructions} instructions`);
        t.is(run.exitCode, rvcStatus()?.programs[name]?.exitCode ?? -1);
      } finally {
        useCompiler(true);
      }
    });
  }

  test(`${name}: on a hart without C (rv32ima) the first compressed instruction is illegal`, (t) => {
    const run = runBare(elf, { maxInstructions: 100_000, isa: 'rv32ima' });
    t.not(run.output, rvcTranscript(name));
    t.is(run.exitCode, undefined);
  });
}
