/**
 * The kernel's sources name what they use: the trap frame is one table of
 * TF_* offsets used by every save and restore, vm_fault's results have names,
 * usertrap's branches go to named labels, every pv-op site is bracketed once
 * whatever the build, the devices' addresses and registers are defined in
 * the address map include alone (with the generated board include), and the
 * paravirtual routines use the generated hypercall macros.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GUEST_KERNEL_ROOT, KERNEL_SOURCES, buildKernel } from '../src/index.js';

const src = (f: string) => readFileSync(join(GUEST_KERNEL_ROOT, 'src', f), 'utf8');
const { program } = buildKernel();
const value = (name: string) => {
  const s = program.symbols.find((y) => y.name === name);
  if (!s) throw new Error(`the kernel defines no ${name}`);
  return s.value | 0;
};
/** The lines of `text` from the line `from` up to (not including) the line `to`. */
const between = (text: string, from: string, to: string) => {
  const lines = text.split('\n');
  const a = lines.indexOf(from);
  const b = lines.indexOf(to, a + 1);
  if (a < 0 || b < 0) throw new Error(`no '${from}' .. '${to}'`);
  return lines.slice(a + 1, b);
};

const ABI = ['ra', 'sp', 'gp', 'tp', 't0', 't1', 't2', 's0', 's1', 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 's2', 's3', 's4', 's5', 's6', 's7', 's8', 's9', 's10', 's11', 't3', 't4', 't5', 't6'];

test('the trap frame is one table: TF_<register> is word x<n>, then the user pc', (t) => {
  t.is(value('TF_KSP'), 0);
  ABI.forEach((r, i) => t.is(value(`TF_${r.toUpperCase()}`), (i + 1) * 4, r));
  t.is(value('TF_EPC'), 32 * 4);
  t.is(value('TF_SIZE'), 33 * 4);
  const defined = [...src('layout.inc').matchAll(/^\.equ (TF_\w+),/gm)].map((m) => m[1]);
  t.is(defined.length, new Set(defined).size, 'each offset once');
  for (const f of KERNEL_SOURCES) t.false(/^\.equ TF_/m.test(src(f)), `${f} defines no trap-frame offset of its own`);
});

test('trap_vector saves and usertrapret restores every register through its TF_ name', (t) => {
  const trap = src('trap.s');
  const access = (lines: string[], op: string, base: string) =>
    lines.flatMap((l) => {
      const m = new RegExp(`^\\s+${op} (\\w+), ([^#\\s]+)\\(${base}\\)`).exec(l);
      return m ? [[m[1], m[2]] as const] : [];
    });
  const saves = access(between(trap, 'trap_vector:', '# A trap taken in S-mode. sscratch holds the kernel sp; swap it back.'), 'sw', 'sp');
  const restores = access(between(trap, 'usertrapret:', '# cause_name(a0 = exception code) -> a0 = its name'), 'lw', 'a0');
  for (const [reg, offset] of [...saves, ...restores]) t.true(offset === `TF_${reg.toUpperCase()}` || offset === 'TF_SP' || offset === 'TF_EPC', `${reg} at ${offset}`);
  const saved = new Set(saves.map(([r, o]) => (o === 'TF_SP' ? 'sp' : r)));
  const restored = new Set(restores.map(([r]) => r));
  for (const r of ABI) {
    t.true(saved.has(r), `${r} saved`);
    t.true(restored.has(r), `${r} restored`);
  }
  t.false(/\d+\s*\*\s*4\(/.test(trap), 'no offset written as a number');
});

test('vm_fault returns named results, and its callers test them by name', (t) => {
  t.is(value('VM_FAULT_MAPPED'), 0, 'callers test it with beqz/bnez');
  t.true(value('VM_FAULT_NOT_HEAP') < 0 && value('VM_FAULT_NO_MEMORY') < 0 && value('VM_FAULT_NOT_HEAP') !== value('VM_FAULT_NO_MEMORY'));
  const body = between(src('vm.s'), 'vm_fault:', '.section .rodata');
  const results = body.flatMap((l) => /^\s+li a0, (\S+)/.exec(l)?.[1] ?? []);
  t.deepEqual(results, ['VM_FAULT_MAPPED', 'VM_FAULT_NO_MEMORY', 'VM_FAULT_NOT_HEAP']);
  const usertrap = between(src('trap.s'), 'usertrap:', '.globl usertrapret');
  t.true(usertrap.some((l) => /li t1, VM_FAULT_NO_MEMORY/.test(l)));
  t.false(usertrap.some((l) => /li t1, -\d/.test(l)));
});

test('usertrap has no numeric labels', (t) => {
  const usertrap = between(src('trap.s'), 'usertrap:', '.globl usertrapret');
  t.deepEqual(usertrap.filter((l) => /^\s*\d+:|\b\d+[fb]\b/.test(l)), []);
  t.true(usertrap.filter((l) => /^\.L\w+:/.test(l)).length >= 7);
});

test('every pv-op macro is one site: PVOP_BEGIN first and PVOP_END last, outside any .ifdef', (t) => {
  const pvops = src('pvops.inc');
  const macros = [...pvops.matchAll(/^\.macro (pv_\w+)[^\n]*\n([\s\S]*?)^\.endm/gm)];
  t.true(macros.length > 30);
  // An operation only the paravirtual kernel has (an event upcall, the RAM given at boot, its one more system call, the flush a range owes) is its site inside .ifdef PARAVIRT
  // as a whole: natively no site at all, so kernel.elf does not change.
  const paravirtOnly = ['pv_event_intr', 'pv_mem_top', 'pv_syscall_extra', 'pv_flush_deferred'];
  for (const [, name, body] of macros) {
    let code = body.split('\n').map((l) => l.replace(/#.*/, '').trim()).filter(Boolean);
    if (paravirtOnly.includes(name)) {
      t.deepEqual([code[0], code.at(-1)], ['.ifdef PARAVIRT', '.endif'], name);
      code = code.slice(1, -1);
      t.false(code.some((l) => l.startsWith('.if')), name);
    }
    t.is(code[0], 'PVOP_BEGIN', name);
    t.is(code.at(-1), 'PVOP_END', name);
    t.is(code.filter((l) => l === 'PVOP_BEGIN' || l === 'PVOP_END').length, 2, name);
  }
  t.false(/issue/i.test(pvops), 'no comment about work still to come');
});

test('the devices are defined in the address map include (and the board include it reads), nowhere else in the kernel', (t) => {
  const device = /^\.equ ((?:UART|PLIC|FINISHER|CLINT|BENCH)\w*),/gm;
  t.regex(src('memmap.inc'), /^\.include "board\.inc"/m);
  const board = readFileSync(join(GUEST_KERNEL_ROOT, 'include', 'board.inc'), 'utf8');
  t.true([...src('memmap.inc').matchAll(device), ...board.matchAll(device)].length >= 20);
  for (const f of [...KERNEL_SOURCES, 'layout.inc', 'pvops.inc', 'syscalls.inc', 'programs.inc', 'format.inc', 'string.inc']) {
    t.deepEqual([...src(f).matchAll(device)].map((m) => m[1]), [], f);
  }
});

test('the paravirtual routines make every hypercall through a generated HC_ macro, and index the batch by its generated size', (t) => {
  const pvcalls = src('pvcalls.s');
  const code = (text: string) => text.split('\n').map((l) => l.replace(/#.*/, '').trim());
  t.deepEqual(code(pvcalls).filter((l) => /^(li a[67],|ecall\b)/.test(l)), [], 'no hand-made ecall site');
  const calls = code(pvcalls).flatMap((l) => /^(HC_\w+)/.exec(l)?.[1] ?? []);
  t.deepEqual(calls.sort(), ['HC_BENCH_MARKER', 'HC_CONSOLE_READ', 'HC_CONSOLE_WRITE', 'HC_MMU_UPDATE', 'HC_NEW_BASEPTR', 'HC_PROBE_EXTENSION', 'HC_SHUTDOWN', 'HC_SYSTEM_RESET', 'HC_TLB_FLUSH']);
  t.deepEqual(code(pvcalls).filter((l) => /^slli\s.*,\s*\d+$/.test(l)), [], 'indexes by a named size');
  t.true(code(pvcalls).includes('slli a0, t1, PVLAB_MMU_REQ_SHIFT'));
  // pv_idle is the one site that loads a7/a6 itself (see paravirt-image.test.ts for why and its check).
  const pvops = src('pvops.inc');
  const idle = pvops.slice(pvops.indexOf('.macro pv_idle'), pvops.indexOf('.endm', pvops.indexOf('.macro pv_idle')));
  const outside = pvops.replace(idle, '');
  t.deepEqual(code(outside).filter((l) => /^(li a[67],|ecall\b)/.test(l)), []);
});

test('a driver never holds a device address: only the seam\'s pv_vio_* macros load a device record\'s window (VIO_BASE) to access it', (t) => {
  // Outside pvops.inc, a register loaded from VIO_BASE may be printed or stored, never used as an address:
  // scan the straight-line code after each such load until the register is written again.
  const code = (l: string) => l.replace(/#.*/, '').trim();
  const found: string[] = [];
  let loads = 0;
  for (const f of KERNEL_SOURCES) {
    const lines = src(f).split('\n').map(code);
    lines.forEach((l, i) => {
      const m = /^lw (\w+), VIO_BASE\(\w+\)$/.exec(l);
      if (!m) return;
      loads++;
      const reg = m[1];
      for (const next of lines.slice(i + 1)) {
        if (/^(\S+:|j |jr |ret|call |tail )/.test(next)) break;
        if (new RegExp(`\\(${reg}\\)`).test(next)) found.push(`${f}: ${next}`);
        if (new RegExp(`^(?!s[bhw] )\\S+ ${reg},`).test(next)) break;
      }
    });
  }
  t.deepEqual(found, []);
  t.true(loads > 0, 'the check sees the drivers\' loads (for their messages)');
  t.regex(src('pvops.inc'), /lw \\rd, VIO_BASE\(\\dev\)\n\s+lw \\rd, \\reg\(\\rd\)/, 'the seam\'s read does use it');
});
