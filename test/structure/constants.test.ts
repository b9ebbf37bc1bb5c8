/**
 * One source of truth for the RISC-V constants (issue 12): PTE bits, satp's
 * fields, cause numbers and the privileged registers' bits live in
 * assembler/src/isa/privileged.ts; the benchmark markers in the finisher
 * (machine/devices/sifive-test.ts); hex formatting in machine/hex.ts; the
 * boot stops in boot/types.ts. The kernel's assembly side is kept by
 * test/docs/kernel-includes.test.ts (its includes are generated). This test
 * reads the TypeScript sources and fails on a hand-written second copy.
 */
import test from 'ava';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Code without its comments (a comment may cite a value; only code may not define one). */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');

interface Rule {
  readonly what: string;
  /** Package source folders the rule reads. */
  readonly roots: readonly string[];
  readonly pattern: RegExp;
  /** The one file allowed to define it, and what defines it there. */
  readonly home: string;
  readonly defines: RegExp;
}

const RULES: readonly Rule[] = [
  { what: 'a hex formatter (use machine/hex.ts: hex, hex8)', roots: ['hypervisor/src'], pattern: /\b(?:const|function)\s+hex\d*\b(?!\w)/, home: 'hypervisor/src/machine/hex.ts', defines: /export const hex = .*export const hex8 = /s },
  { what: 'PTE bits written out (use PTE from @pvlab/assembler)', roots: ['assembler/src', 'hypervisor/src', 'hypercall-abi/src', 'guest-kernel/src'], pattern: /\bV:\s*1,\s*R:\s*2\b|\bPTE_[VRWXUGAD]\s*=\s*\d/, home: 'assembler/src/isa/privileged.ts', defines: /export const PTE = \{ V: 1, R: 2,/ },
  { what: 'satp decoded by hand (use the satp helpers of isa/privileged.ts)', roots: ['assembler/src', 'hypervisor/src', 'hypercall-abi/src'], pattern: /satp[\w.]*\)?\s*(?:>>>\s*31\b|&\s*0x0*3fffff\b|&\s*0x8000_?0000\b)/i, home: 'assembler/src/isa/privileged.ts', defines: /export const satpRoot = .*export const sv32Satp = /s },
  { what: 'a cause compared by number (use EXC/IRQ and causeOf)', roots: ['hypervisor/src'], pattern: /\b[ms]?cause\s*[!=]==?\s*\d|\bTRAP\(\s*\d/, home: 'assembler/src/isa/privileged.ts', defines: /export const EXC\b.*export const IRQ\b/s },
  { what: 'a benchmark marker value (use BENCH_MARKERS)', roots: ['assembler/src', 'hypervisor/src', 'hypercall-abi/src', 'guest-kernel/src', 'scripts'], pattern: /0x4d4[25]\b/i, home: 'hypervisor/src/machine/devices/sifive-test.ts', defines: /export const BENCH_MARKERS = \{ begin: 0x4d42, end: 0x4d45 \}/ },
  { what: 'a table of run stops (use BOOT_STOPS)', roots: ['hypervisor/src'], pattern: /\bconst\s+\w*STOPS\b/, home: 'hypervisor/src/boot/types.ts', defines: /export const BOOT_STOPS\b/ },
];

/** `file: what` for every rule the text breaks. */
function copies(file: string, text: string, rules: readonly Rule[] = RULES): string[] {
  const body = code(text);
  return rules.filter((r) => r.roots.some((root) => file.startsWith(`${root}/`)) && file !== r.home && r.pattern.test(body)).map((r) => `${file}: ${r.what}`);
}

test('no TypeScript source writes a second copy of a constant that has its home', (t) => {
  const files = [...new Set(RULES.flatMap((r) => r.roots))].flatMap((root) => tsFiles(join(REPO, root)));
  t.true(files.length > 200, `${files.length} files read`);
  t.deepEqual(files.flatMap((f) => copies(relative(REPO, f), readFileSync(f, 'utf8'))), []);
});

test('each home holds what the rule points to', (t) => {
  for (const r of RULES) t.regex(code(readFileSync(join(REPO, r.home), 'utf8')), r.defines, r.home);
});

test('each rule catches the copy it forbids, and comments may cite values', (t) => {
  const bad: [string, string][] = [
    ['hypervisor/src/boot/errors.ts', 'const hex = (n: number) => `0x${n.toString(16)}`;'],
    ['hypervisor/src/gdb/monitor.ts', 'function hex8(v: number) { return v.toString(16); }'],
    ['hypervisor/src/vmm/trap/lazy-shadow.ts', 'const PTE = { V: 1, R: 2, W: 4 };'],
    ['hypervisor/src/vmm/paravirt/eager-shadow.ts', 'const PTE_V = 1;'],
    ['hypervisor/src/vmm/trap/mode.ts', 'const root = (vm.cpu.satp & 0x3fffff) << 12;'],
    ['hypervisor/src/vmm/trap/mode.ts', 'const on = satp >>> 31;'],
    ['hypervisor/src/vmm/trap/exits.ts', 'if (mcause === 2) return;'],
    ['hypervisor/src/vmm/trap/exits.ts', 'reflect(TRAP(3, 0));'],
    ['hypervisor/src/boot/session.ts', 'const BEGIN = 0x4D42;'],
    ['scripts/perf/vmm.ts', 'if (word === 0x4d45) end();'],
    ['hypervisor/src/cli/commands/boot.ts', 'const STOPS = { finisher: "shutdown" };'],
  ];
  for (const [file, line] of bad) t.is(copies(file, line).length, 1, `${file}: ${line}`);
  t.deepEqual(copies('hypervisor/src/gdb/packets.ts', 'const hexDigit = (c: number) => c - 0x30;'), [], 'a hex parser is not a formatter');
  t.deepEqual(copies('hypervisor/src/vmm/trap/exits.ts', '// mcause === 2 is an illegal instruction\n/* 0x4d42 */ const x = 1;'), []);
  t.true(RULES.every((r) => bad.some(([file, line]) => copies(file, line, [r]).length === 1)), 'every rule has a case');
});
