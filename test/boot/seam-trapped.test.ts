/**
 * The pv-ops seam, seen from the hypervisor: kernel.elf trapped, every exit
 * one of the kernel's own instructions causes — a privileged instruction, a
 * device register access — is at a pc inside a seam site (the kernel's
 * `.pvops` table). guest-kernel/test/seam.test.ts proves it by reading the
 * code; this proves it by running it, so a device address the code check
 * cannot follow (one loaded from memory, as the drivers' are) is caught too.
 */
import test from 'ava';
import { buildKernel, kernelCode, readPvopSites } from '@pvlab/guest-kernel';
import { boot, type ExitRecord } from '@pvlab/hypervisor';

const { program, elf } = buildKernel();
const sites = readPvopSites(program);
const code = kernelCode(program);
const INSTRUCTION_EXITS = new Set(['csr-read', 'csr-write', 'sret', 'wfi', 'sfence-vma', 'mmio-read', 'mmio-write']);
const inKernel = (pc: number) => code.some((c) => pc >= c.start && pc < c.end);
const inSite = (pc: number) => sites.some((s) => pc >= s.start && pc < s.end);

const script = 'echo seam\nrun null 10\nrun fork 2\nrun console 2\nrun timer 1\nrun pgfault 2\nrun fault csr\nrun attack\nhalt\n';

test('trapped, every privileged instruction and device access of the kernel exits from a seam site', (t) => {
  const exits: ExitRecord[] = [];
  const run = boot(elf, { mode: 'trap', script, maxInstructions: 200_000_000, onExit: (e) => exits.push(e) });
  t.is(run.stop, 'shutdown');
  const checked = exits.filter((e) => INSTRUCTION_EXITS.has(e.reason) && inKernel(e.pc));
  const outside = [...new Set(checked.filter((e) => !inSite(e.pc)).map((e) => `${e.reason} at 0x${e.pc.toString(16)}`))];
  t.deepEqual(outside, []);
  t.true(checked.length > 100, `${checked.length} exits checked`);
  for (const r of INSTRUCTION_EXITS) t.true(checked.some((e) => e.reason === r), `the run has ${r} exits`);
});
