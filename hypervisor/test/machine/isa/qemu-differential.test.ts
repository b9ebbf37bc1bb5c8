/**
 * Differential ISA tests: the same ELF files (built from _programs/ by
 * pvlab's assembler) must give the same UART transcript (test results,
 * all 32 registers and a memory signature) and the same exit status on
 * QEMU's virt board and on pvlab's board.
 *
 * - QEMU against the committed golden transcript, where QEMU is installed
 *   (PVLAB_REQUIRE_REFERENCE_TOOLS=1 makes its absence a failure);
 * - pvlab's board (`runBare` from @pvlab/hypervisor) against the golden
 *   transcript, with the lines where QEMU 7.2 departs from the
 *   specification replaced by the specified text (_programs/qemu-deviations.ts).
 *
 * Regenerate the goldens after changing a program:
 *   npx tsx --conditions=source hypervisor/test/machine/_programs/golden.ts
 */
import test from 'ava';
import { runBare } from '@pvlab/hypervisor';
import { buildProgram, PROGRAMS } from '../_programs/build.js';
import { QEMU_DEVIATIONS, specTranscript } from '../_programs/qemu-deviations.js';
import { hasQemu, QEMU, runQemu } from '../_programs/qemu.js';
import { elfDigest, readStatus, readTranscript, REGENERATE } from '../_programs/transcripts.js';

const REQUIRE_TOOLS = process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1';

/** Ten times what the longest program (interrupts, 2.1 million) needs on pvlab: a hang fails fast. */
const MAX_INSTRUCTIONS = 20_000_000;

const status = readStatus();
const elfs = new Map<string, Uint8Array>();
const elfOf = (name: string): Uint8Array => {
  let elf = elfs.get(name);
  if (!elf) elfs.set(name, (elf = buildProgram(name)));
  return elf;
};

for (const name of PROGRAMS) {
  test(`${name}: the golden transcript is there and belongs to this ELF`, (t) => {
    const entry = status?.programs[name];
    t.truthy(readTranscript(name), `no golden transcript for ${name}: run ${REGENERATE}`);
    t.truthy(entry, `no entry for ${name} in golden/status.json: run ${REGENERATE}`);
    t.is(entry?.elfSha256, elfDigest(elfOf(name)), `${name}.s (or the runtime, or the assembler) changed since the goldens were made: run ${REGENERATE}`);
  });

  test(`${name}: QEMU gives the golden transcript`, (t) => {
    if (!hasQemu()) {
      if (REQUIRE_TOOLS) t.fail(`${QEMU} is not installed and PVLAB_REQUIRE_REFERENCE_TOOLS=1`);
      else t.pass(`${QEMU} is not installed: skipped`);
      return;
    }
    const run = runQemu(elfOf(name));
    t.false(run.timedOut, `${name} did not exit through the finisher on QEMU`);
    t.is(run.output, readTranscript(name) ?? '');
    t.is(run.exitCode, status?.programs[name]?.exitCode ?? -1);
  });

  test(`${name}: pvlab's board gives QEMU's transcript (as the specification has it)`, (t) => {
    const golden = readTranscript(name);
    if (golden === undefined) return t.fail(`no golden transcript for ${name}: run ${REGENERATE}`);
    const run = runBare(elfOf(name), { maxInstructions: MAX_INSTRUCTIONS, isa: 'rv32ima' }); // QEMU runs them with c=false (qemu.ts)
    t.is(run.output, specTranscript(name, golden), `stopped by ${run.stop} after ${run.instructions} instructions`);
    t.is(run.exitCode, status?.programs[name]?.exitCode);
  });
}

test('every QEMU deviation still names a line of its golden transcript', (t) => {
  for (const program of new Set(QEMU_DEVIATIONS.map((d) => d.program))) {
    const golden = readTranscript(program);
    if (golden === undefined) {
      t.fail(`no golden transcript for ${program}`);
      continue;
    }
    t.notThrows(() => specTranscript(program, golden), program);
  }
});
