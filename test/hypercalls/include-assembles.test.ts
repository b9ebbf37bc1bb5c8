/**
 * The generated guest include assembles to the same bytes with pvlab's
 * assembler and with GNU as + ld: a program that uses every macro (each
 * call's documented example, and each macro once with its arguments already
 * in place and once from other registers). Committed golden bytes keep the
 * comparison where binutils is absent; PVLAB_REQUIRE_REFERENCE_TOOLS=1 makes
 * that a failure. Regenerate with PVLAB_UPDATE_GOLDEN=1.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';
import { ALL_HYPERCALLS, CATALOGUE, guestInclude, macroName } from '@pvlab/hypercall-abi';
import { gnuBuild, gnuVersions, hasGnuTools, requireToolsOrSkip } from '../../assembler/test/_helpers/gnu.js';
import { imageOf } from '../../assembler/test/_helpers/golden.js';
import { imageOfProgram, type Image } from '../../assembler/test/_helpers/image.js';

const GOLDEN = join(import.meta.dirname, '_golden/every-macro.json');
const SCRIPT = 'SECTIONS { . = 0x80200000; .text : { *(.text) } . = ALIGN(4096); .data : { *(.data) } }\n';
const OTHER = ['s0', 's1', 's2', 's3', 's4', 's5'];

function everyMacroProgram(): string {
  const lines = ['.include "hypercalls.inc"', '.include "hypercalls.inc"    # twice: the include guards itself', '.text', '.globl _start', '_start:'];
  for (const c of ALL_HYPERCALLS) {
    lines.push(`# ${c.name}: its example`, c.example!);
    lines.push(`${macroName(c)} ${c.slots.map((s) => `a${s.reg}`).join(', ')}`);
    lines.push(`${macroName(c)} ${c.slots.map((_, i) => OTHER[i]).join(', ')}`);
  }
  lines.push('.data', 'buffer: .space 256', 'message: .ascii "hello"', '');
  return lines.join('\n');
}

/** GNU as reads includes from the disk. */
function includeDir(include: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-hc-inc-'));
  writeFileSync(join(dir, 'hypercalls.inc'), include);
  return dir;
}

interface Golden extends Image {
  readonly inputsDigest: string;
  readonly tools: string;
}

test('every call has an example that uses its own macro', (t) => {
  for (const c of ALL_HYPERCALLS) t.true(c.example?.includes(macroName(c)), c.name);
});

test('a program using every macro assembles identically with pvlab and GNU as', (t) => {
  const include = guestInclude(CATALOGUE);
  const program = everyMacroProgram();
  // Comments do not change bytes: the digest ignores them, so rewording a doc needs no new golden.
  const code = (text: string) => text.split('\n').map((l) => l.replace(/#.*$/, '').trimEnd()).filter(Boolean).join('\n');
  const digest = createHash('sha256').update(code(include)).update(code(program)).update(SCRIPT).digest('hex');
  const ours = assemble([{ path: 'every-macro.s', text: program }], {
    layout: SCRIPT,
    fs: { read: (p) => (p.endsWith('hypercalls.inc') ? include : undefined), resolveInclude: (name) => name },
  });
  t.true(ours.ok, ours.formatDiagnostics());
  const image = imageOf(imageOfProgram(ours.program!));
  t.true(image.sections[0].bytes.length > 1000);
  const live = hasGnuTools();
  if (live) {
    const gnu = gnuBuild([{ path: 'every-macro.s', text: program }], SCRIPT, { includePaths: [includeDir(include)] });
    t.true(gnu.ok, gnu.stderr);
    t.deepEqual(image, imageOf(gnu));
    if (process.env.PVLAB_UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
      const golden: Golden = { inputsDigest: digest, tools: gnuVersions(), ...imageOf(gnu) };
      writeFileSync(GOLDEN, JSON.stringify(golden, null, 1) + '\n');
    }
  } else requireToolsOrSkip(t);
  const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
  t.is(golden.inputsDigest, digest, 'the include or the program changed: regenerate the golden with GNU as (PVLAB_UPDATE_GOLDEN=1)');
  t.deepEqual(image, imageOf(golden));
});

test('a macro call whose argument register the macro overwrites first fails with both assemblers', (t) => {
  const include = guestInclude(CATALOGUE);
  const program = '.include "hypercalls.inc"\n.text\n_start: HC_CONSOLE_WRITE a1, a0, zero\n';
  const ours = assemble([{ path: 'bad.s', text: program }], { fs: { read: (p) => (p.endsWith('.inc') ? include : undefined), resolveInclude: (n) => n } });
  t.false(ours.ok);
  t.regex(ours.formatDiagnostics(), /error: HC_CONSOLE_WRITE: buf_lo is in a0, which len overwrites first; pass it in another register/);
  if (!requireToolsOrSkip(t)) return;
  const gnu = gnuBuild([{ path: 'bad.s', text: program }], SCRIPT, { includePaths: [includeDir(include)] });
  t.false(gnu.ok);
  t.regex(gnu.stderr, /Error: HC_CONSOLE_WRITE: buf_lo is in a0/);
});
