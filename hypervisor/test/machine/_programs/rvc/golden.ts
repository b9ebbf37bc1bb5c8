/**
 * Regenerates rvc/golden/ from QEMU 7.2 with the C extension on: each
 * compressed-code program twice (the runs must agree), its transcript and
 * exit status, and the digest of the ELF it ran.
 *
 *   npx tsx --conditions=source hypervisor/test/machine/_programs/rvc/golden.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QEMU, QEMU_ARGS_RVC, hasQemu, qemuVersion, runQemu } from '../qemu.js';
import { RVC_GOLDEN, RVC_PROGRAMS, buildRvcProgram, digest, type RvcStatus } from './build.js';

if (!hasQemu()) {
  console.error(`${QEMU} is not installed: cannot regenerate the golden transcripts`);
  process.exit(2);
}
mkdirSync(RVC_GOLDEN, { recursive: true });
const programs: Record<string, RvcStatus['programs'][string]> = {};
let problems = 0;
for (const name of RVC_PROGRAMS) {
  const elf = buildRvcProgram(name);
  const [a, b] = [runQemu(elf, undefined, QEMU_ARGS_RVC), runQemu(elf, undefined, QEMU_ARGS_RVC)];
  if (a.timedOut || b.timedOut || a.output !== b.output || a.exitCode !== b.exitCode) {
    console.error(`${name}: QEMU timed out, or two runs differ`);
    problems++;
    continue;
  }
  writeFileSync(join(RVC_GOLDEN, `${name}.txt`), a.output, 'latin1');
  programs[name] = { exitCode: a.exitCode, elfSha256: digest(elf) };
  console.log(`${name}: exit ${a.exitCode}`);
}
const status: RvcStatus = { qemu: qemuVersion(), command: [QEMU, ...QEMU_ARGS_RVC, '-kernel', '<program>.elf'].join(' '), programs };
writeFileSync(join(RVC_GOLDEN, 'status.json'), `${JSON.stringify(status, null, 2)}\n`);
process.exit(problems ? 1 : 0);
