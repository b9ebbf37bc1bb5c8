/**
 * The pv-ops seam holds: in the assembled kernel, every privileged
 * instruction and every device address lies inside a pvops.inc expansion
 * (a site recorded in .pvops). The paravirtual build changes those sites
 * and nothing else, so this is what makes native vs paravirt a fair
 * comparison.
 */
import test from 'ava';
import { assemble } from '@pvlab/assembler';
import { join } from 'node:path';
import { GUEST_KERNEL_ROOT, buildKernel, kernelCode, readPvopSites } from '../src/index.js';
import { seamViolations, where } from './_helpers/seam.js';

const { program } = buildKernel();
const sites = readPvopSites(program);
const section = (name: string) => {
  const s = program.sections.find((x) => x.name === name);
  if (!s) throw new Error(`no section ${name}`);
  return s;
};

const code = kernelCode(program);

test('the kernel has pv-op sites, inside its code, not overlapping', (t) => {
  t.deepEqual(code.map((c) => c.name), ['.text', '.io'], 'the core\'s code and the I/O code');
  t.true(sites.length > 50, `${sites.length} sites`);
  for (const [i, s] of sites.entries()) {
    t.true(code.some((c) => s.start >= c.start && s.end <= c.end), `site ${i} at 0x${s.start.toString(16)} is in the kernel's code`);
    t.true(s.end >= s.start && (s.end - s.start) % 4 === 0);
    if (i > 0) t.true(s.start >= sites[i - 1].end, 'sites do not overlap');
  }
});

test('no privileged instruction and no device access in kernel code outside the seam', (t) => {
  const bad = code.flatMap((c) => seamViolations(program, sites, c.start, c.end, { ecallIsPrivileged: true }));
  t.deepEqual(bad.map((v) => `${where(program, v.addr)}: ${v.text}: ${v.why}`), []);
});

test('the seam does contain the privileged operations (the check sees them)', (t) => {
  const all = code.flatMap((c) => seamViolations(program, [], c.start, c.end, { ecallIsPrivileged: true }));
  const names = new Set(all.map((v) => v.text.split('\t')[0]));
  for (const op of ['csrr', 'csrw', 'sret', 'wfi', 'sfence.vma']) t.true(names.has(op), op);
  for (const dev of ['uart', 'plic', 'finisher']) t.true(all.some((v) => v.why.startsWith(dev)), dev);
});

test('user programs touch no device; their one privileged instruction is fault csr\'s, which runs in U-mode and is killed', (t) => {
  const user = section('.user');
  const bad = seamViolations(program, [], user.addr, user.addr + user.size, { ecallIsPrivileged: false });
  const fCsr = program.symbols.find((s) => s.name === 'f_csr');
  t.deepEqual(bad.map((v) => `${v.text}: ${v.why}`), ['csrr\ta0,sstatus: privileged instruction']);
  t.is(bad[0].addr, fCsr!.value);
});

test('the check can fail: a stray csrr and a UART store outside the seam are found (an address formed but not used is not)', (t) => {
  const src = join(GUEST_KERNEL_ROOT, 'src');
  const r = assemble(
    [{ path: 'stray.s', text: '.include "memmap.inc"\n.include "layout.inc"\n.include "pvops.inc"\n.globl _start\n_start:\n  pv_intr_off\n  csrr a0, sepc\n  li t0, UART0_BASE\n  sb a0, 0(t0)\n  li t1, UART0_BASE\n  j _start\n' }],
    { includePaths: [src, join(GUEST_KERNEL_ROOT, 'include')], layout: 'SECTIONS { . = 0x80000000; .text : { *(.text) } .rodata : { __pvops_start = .; KEEP(*(.pvops)) __pvops_end = .; } }' },
  );
  t.true(r.ok, r.formatDiagnostics());
  const p = r.program!;
  const text = p.sections.find((s) => s.name === '.text')!;
  const bad = seamViolations(p, readPvopSites(p), text.addr, text.addr + text.size, { ecallIsPrivileged: true });
  t.deepEqual(bad.map((v) => `${v.text}: ${v.why}`), ['csrr\ta0,sepc: privileged instruction', 'sb\ta0,0(t0): uart/virtio access']);
});
