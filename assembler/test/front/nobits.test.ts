/**
 * Data in a NOBITS section (`.bss`, `.sbss`, `.tbss`, `@nobits`), as GNU as
 * 2.40 decides it: zeros are accepted (riscv-tests' atomics tests put
 * `.dword 0` in `.bss`), a non-zero value is an error, a non-zero fill byte
 * of `.space` or an alignment is ignored with a warning. Each case is
 * compared with GNU as live (severity per line), and with the committed
 * record of what GNU as said (`_golden/nobits.json`, rewritten when
 * PVLAB_UPDATE_GOLDEN=1 or missing).
 */
import test from 'ava';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { assemble } from '@pvlab/assembler';
import { gnuAssembleOnly, hasGnuTools, REQUIRE_TOOLS_ENV, type GnuDiagnostic } from '../_helpers/gnu.js';

/** [name, the section line, the statement, pvlab's message for it or undefined if accepted]. */
const CASES: readonly [string, string, string, { severity: 'error' | 'warning'; message: string } | undefined][] = [
  ['.dword 0 in .bss', '.bss', '.dword 0', undefined],
  ['.word 0, 0 in .bss', '.bss', '.word 0, 0', undefined],
  ['.half 0 in .bss', '.bss', '.half 0', undefined],
  ['.byte 0 in .bss', '.bss', '.byte 0', undefined],
  ['.8byte 1-1 in .bss', '.bss', '.8byte 1-1', undefined],
  ['.zero 8 in .bss', '.bss', '.zero 8', undefined],
  ['empty .asciz in .bss', '.bss', '.asciz ""', undefined],
  ['NUL .string in .bss', '.bss', '.string "\\0"', undefined],
  ['.fill with 0 in .bss', '.bss', '.fill 2, 4, 0', undefined],
  ['.word 0 in .sbss', '.section .sbss,"aw",@nobits', '.word 0', undefined],
  ['.word 0 in .tbss', '.section .tbss,"awT",@nobits', '.word 0', undefined],
  ['.word 0 in a @nobits section', '.section .mine,"aw",@nobits', '.quad 0', undefined],
  ['.word 1 in .bss', '.bss', '.word 1', { severity: 'error', message: "attempt to store non-zero value in section '.bss'" }],
  ['.byte 3 in .sbss', '.section .sbss,"aw",@nobits', '.byte 3', { severity: 'error', message: "attempt to store non-zero value in section '.sbss'" }],
  ['.word of a label in .tbss', '.section .tbss,"awT",@nobits\nx:', '.word x', { severity: 'error', message: "attempt to store non-zero value in section '.tbss'" }],
  ['.quad 2^32 in .bss', '.bss', '.quad 0x100000000', { severity: 'error', message: "attempt to store non-zero value in section '.bss'" }],
  ['.ascii in .bss', '.bss', '.ascii "ab"', { severity: 'error', message: "attempt to store non-empty string in section '.bss'" }],
  ['.fill with a value in .bss', '.bss', '.fill 2, 4, 5', { severity: 'error', message: "attempt to fill section '.bss' with non-zero value" }],
  ['.space with a fill byte in .bss', '.bss', '.space 4, 1', { severity: 'warning', message: "ignoring fill value in section '.bss'" }],
  ['.p2align with a fill byte in .bss', '.bss', '.p2align 3, 5', { severity: 'warning', message: "ignoring fill value in section '.bss'" }],
];

const GOLDEN = new URL('./_golden/nobits.json', import.meta.url);
const source = (section: string, statement: string) => `${section}\n${statement}\n`;
const statementLine = (section: string) => section.split('\n').length + 1;

/** GNU's verdict per case: the severities it printed for the statement's line. */
type Verdicts = Record<string, GnuDiagnostic[]>;
const golden: Verdicts = existsSync(GOLDEN) ? JSON.parse(readFileSync(GOLDEN, 'utf8')) as Verdicts : {};
const live = hasGnuTools();
const fresh: Verdicts = {};

for (const [name, section, statement, expected] of CASES) {
  test(`NOBITS: ${name}`, (t) => {
    const r = assemble([{ path: 'in.s', text: source(section, statement) }]);
    const ours = r.diagnostics.filter((d) => d.file === 'in.s').map((d) => ({ line: d.line, severity: d.severity, message: d.message }));
    t.deepEqual(ours, expected ? [{ line: statementLine(section), ...expected }] : [], r.formatDiagnostics());
    t.is(r.ok, expected?.severity !== 'error');
    // The bytes of a NOBITS section are never stored: the section only has a size.
    if (r.program) t.true(r.program.sections.filter((s) => s.nobits).every((s) => s.data.length === 0 || s.data.every((b) => b === 0)));

    let gnu: GnuDiagnostic[] | undefined = golden[name];
    if (live) {
      gnu = gnuAssembleOnly(source(section, statement)).diagnostics;
      fresh[name] = gnu;
      if (golden[name]) t.deepEqual(golden[name], gnu, 'the committed GNU record is stale (regenerate with PVLAB_UPDATE_GOLDEN=1)');
    } else if (process.env[REQUIRE_TOOLS_ENV] === '1') return t.fail('GNU as is required but not installed');
    if (!gnu) return t.fail(`no GNU record for '${name}': run this test where GNU as is installed`);
    // Same verdict as GNU: the same severity on the statement's line (GNU's text quotes `like this').
    t.deepEqual(ours.map((d) => [d.line, d.severity, d.message]), gnu.map((d) => [d.line, d.severity, d.message.replace(/`([^']*)'/g, "'$1'")]).filter((d, i, a) => i === 0 || JSON.stringify(d) !== JSON.stringify(a[i - 1])));
  });
}

test.after.always('write the GNU record where it was missing or asked for', () => {
  if (!live || Object.keys(fresh).length !== CASES.length) return;
  if (process.env.PVLAB_UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(fresh, null, 1)}\n`);
});
