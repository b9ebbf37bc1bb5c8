/**
 * The kernel's generated includes (board.inc, riscv.inc) are current, and
 * the kernel and its firmware hold no second copy of what they define: no
 * source defines one of their names, and the board's addresses and codes
 * appear in no source as literal numbers.
 */
import test from 'ava';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildFirmware, buildKernel } from '@pvlab/guest-kernel';
import { KERNEL_INCLUDES, boardSymbols, riscvSymbols } from '../../scripts/kernel-includes.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const committed = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The kernel's and the firmware's hand-written sources, by path from the repository root. */
const SOURCES = ['guest-kernel/src', 'guest-kernel/src/user', 'guest-kernel/firmware'].flatMap((dir) =>
  readdirSync(join(ROOT, dir)).filter((f) => /\.(s|inc)$/.test(f)).map((f) => `${dir}/${f}`),
);
const code = (text: string) => text.split('\n').map((l) => l.replace(/#.*/, '').replace(/"[^"]*"/g, '""'));
const generated = [...riscvSymbols(), ...boardSymbols()].flatMap((s) => s.symbols);

test('the committed includes are generated from the current tables (npm run docs)', (t) => {
  for (const [path, generate] of Object.entries(KERNEL_INCLUDES)) {
    const text = committed(path);
    t.is(text, generate(), path);
    t.is(text.split('\n')[1], '# generated -- do not edit. Regenerate with: npm run docs', path);
  }
});

test('the includes name the constants the kernel, the firmware and the hypervisor share', (t) => {
  const value = new Map(generated.map((s) => [s.name, s.value]));
  t.is(value.get('EXC_ECALL_FROM_U'), 8);
  t.is(value.get('IRQ_SUPERVISOR_TIMER'), 5);
  t.is(value.get('SIE_SEIE'), 1 << 9);
  t.is(value.get('SSTATUS_SUM'), 1 << 18);
  t.is(value.get('MSTATUS_SUM'), 1 << 18);
  t.is(value.get('PTE_D'), 0x80);
  t.is(value.get('SATP_MODE_SV32'), 0x8000_0000);
  t.is(value.get('BENCH_BEGIN'), 0x4d42);
  t.is(value.get('FINISHER_FAIL'), 0x3333);
  t.is(value.get('UART_LSR_THRE'), 0x20);
  t.is(value.get('FIRMWARE_TRAP_EXIT'), 0x7f);
  t.is(value.get('FIRMWARE_MEDELEG'), 0xb1ff);
  t.is(new Set(generated.map((s) => s.name)).size, generated.length, 'each name once');
});

test('no kernel or firmware source defines a name the generated includes define', (t) => {
  const names = new Set(generated.map((s) => s.name));
  t.true(SOURCES.length > 25);
  for (const f of SOURCES) {
    const own = code(committed(f)).flatMap((l) => /^\s*\.(?:equ|set)\s+(\w+)\s*,/.exec(l)?.[1] ?? []).filter((n) => names.has(n));
    t.deepEqual(own, [], f);
  }
});

test('the board\'s addresses, codes and markers appear in no source as numbers', (t) => {
  const distinctive = generated.filter((s) => /_BASE$|^FINISHER_(PASS|FAIL|RESET)$|^BENCH_|^FIRMWARE_(KERNEL_ENTRY|MEDELEG|MIDELEG)$/.test(s.name));
  t.true(distinctive.length >= 12);
  const byValue = new Map(distinctive.map((s) => [s.value >>> 0, s.name]));
  for (const f of SOURCES) {
    const found = code(committed(f)).flatMap((l, i) =>
      [...l.matchAll(/\b(0x[0-9a-f_]+|\d{3,})\b/gi)].flatMap((m) => {
        const name = byValue.get(Number(m[1].replace(/_/g, '')) >>> 0);
        return name ? [`${f}:${i + 1}: ${m[1]} (${name})`] : [];
      }),
    );
    t.deepEqual(found, [], f);
  }
});

test('the kernel and the firmware use the generated values', (t) => {
  const kernel = buildKernel().program, firmware = buildFirmware().program;
  const sym = (p: typeof kernel, name: string) => p.symbols.find((s) => s.name === name)?.value;
  for (const s of generated.filter((x) => ['UART0_BASE', 'PLIC_BASE', 'FINISHER_BASE', 'EXC_ECALL_FROM_U', 'SATP_MODE_SV32', 'BENCH_END'].includes(x.name))) t.is(sym(kernel, s.name)! >>> 0, s.value >>> 0, s.name);
  for (const s of generated.filter((x) => x.name.startsWith('FIRMWARE_'))) t.is(sym(firmware, s.name)! >>> 0, s.value >>> 0, s.name);
  t.is(kernel.entry, generated.find((s) => s.name === 'FIRMWARE_KERNEL_ENTRY')!.value);
});
