/**
 * Regenerates the golden data from QEMU: builds every ISA test program with
 * pvlab's assembler, runs it twice on QEMU's virt board (a transcript that
 * differs between the runs is an error: the programs must print nothing
 * that depends on time), and writes golden/<name>.txt and golden/status.json.
 *
 *   npx tsx --conditions=source hypervisor/test/machine/_programs/golden.ts [name ...]
 *
 * With names, only those programs are rerun; the others keep their entries.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { buildProgram, PROGRAMS } from './build.js';
import { hasQemu, QEMU, QEMU_ARGS, qemuVersion, runQemu } from './qemu.js';
import { elfDigest, GOLDEN_DIR, readStatus, statusPath, transcriptPath, type GoldenStatus } from './transcripts.js';

if (!hasQemu()) {
  console.error(`${QEMU} is not installed: cannot regenerate the golden transcripts`);
  process.exit(2);
}

const wanted = process.argv.slice(2);
for (const name of wanted) {
  if (!(PROGRAMS as readonly string[]).includes(name)) {
    console.error(`no test program named '${name}' (known: ${PROGRAMS.join(' ')})`);
    process.exit(2);
  }
}

mkdirSync(GOLDEN_DIR, { recursive: true });
const programs: Record<string, GoldenStatus['programs'][string]> = { ...readStatus()?.programs };
let problems = 0;
for (const name of PROGRAMS) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const elf = buildProgram(name);
  const first = runQemu(elf);
  const second = runQemu(elf);
  if (first.timedOut || second.timedOut) {
    console.error(`${name}: QEMU did not exit through the finisher (timed out)`);
    problems++;
    continue;
  }
  if (first.output !== second.output || first.exitCode !== second.exitCode) {
    console.error(`${name}: two QEMU runs differ: the transcript depends on timing`);
    problems++;
    continue;
  }
  writeFileSync(transcriptPath(name), first.output, 'latin1');
  programs[name] = { exitCode: first.exitCode, elfSha256: elfDigest(elf) };
  const summary = first.output.trimEnd().split('\n').pop();
  console.log(`${name.padEnd(14)} exit ${first.exitCode}  ${summary}`);
}

const status: GoldenStatus = {
  qemu: qemuVersion(),
  command: [QEMU, ...QEMU_ARGS, '-kernel', '<program>.elf'].join(' '),
  programs: Object.fromEntries(PROGRAMS.filter((n) => programs[n]).map((n) => [n, programs[n]])),
};
writeFileSync(statusPath(), `${JSON.stringify(status, null, 2)}\n`);
process.exit(problems === 0 ? 0 : 1);
