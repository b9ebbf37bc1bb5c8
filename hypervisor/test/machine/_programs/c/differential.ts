/**
 * The differential test of a C case, shared by the test files that own the
 * cases: pvlab's run equals the committed QEMU golden (transcript, exit
 * status, disks after the run); with QEMU installed, QEMU run now equals
 * it too; with gcc installed, the committed ELF is what build.sh builds.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasQemu } from '../qemu.js';
import { C_DIR, C_GOLDEN, elfOf, runPvlab, runQemuCase, specTranscript, statusOf, type CCase, type CStatus } from './cases.js';

const requireTools = process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1';
const golden = (name: string) => readFileSync(join(C_GOLDEN, `${name}.txt`), 'latin1');
const statuses = (): Record<string, CStatus> => JSON.parse(readFileSync(join(C_GOLDEN, 'status.json'), 'utf8'));

/** Register the tests of `cases`; `alsoBuilt` names programs run elsewhere whose ELFs are checked here too. */
export function differentialTests(cases: readonly CCase[], alsoBuilt: readonly string[] = []): void {
  for (const c of cases) {
    test(`${c.name}: pvlab prints QEMU's transcript and leaves the disks as QEMU did`, (t) => {
      const want = statuses()[c.name];
      t.truthy(want, 'no golden: run golden.ts');
      const r = runPvlab(c);
      t.is(r.output, specTranscript(c, golden(c.name)), c.deviations ? 'QEMU\'s transcript with its documented deviations from the specification' : undefined);
      t.deepEqual(statusOf(c, r), want);
    });
    test(`${c.name}: QEMU, run now, gives the golden`, (t) => {
      if (!hasQemu()) {
        if (requireTools) t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
        else t.pass('QEMU not installed: the committed golden stands');
        return;
      }
      const r = runQemuCase(c);
      t.false(r.timedOut);
      t.is(r.output, golden(c.name));
      t.deepEqual(statusOf(c, r), statuses()[c.name]);
    });
  }
  const programs = [...new Set([...cases.map((c) => c.program), ...alsoBuilt])];
  test(`${programs.join(', ')}: the committed ELFs are what build.sh builds from the sources`, (t) => {
    if (spawnSync('riscv64-unknown-elf-gcc', ['--version']).status !== 0) {
      if (requireTools) t.fail('riscv64-unknown-elf-gcc is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
      else t.pass('gcc not installed');
      return;
    }
    const out = mkdtempSync(join(tmpdir(), 'pvlab-c-'));
    try {
      const r = spawnSync('sh', [join(C_DIR, 'build.sh'), ...programs], { env: { ...process.env, OUT: out }, encoding: 'utf8' });
      t.is(r.status, 0, r.stderr);
      for (const p of programs) t.true(Buffer.from(readFileSync(join(out, `${p}.elf`))).equals(Buffer.from(elfOf(p))), `${p}.elf is stale: run build.sh`);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
}
