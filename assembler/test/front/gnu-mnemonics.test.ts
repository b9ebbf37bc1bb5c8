/**
 * The mnemonics GNU as 2.40 accepts for RV32IMA + Zicsr + Zifencei (with the
 * privileged instructions), and pvlab's tables against them.
 *
 * GNU's list is derived, not typed in: every string the installed
 * `riscv64-unknown-elf-as` binary holds (and every suffix of one, since the
 * linker merges string tails: `ret` lives inside `sret`) that looks like a
 * mnemonic is assembled on a line of its own, and the names GNU as does not
 * call an "unrecognized opcode" are its mnemonics (its opcode table is
 * compiled into the binary, so nothing can hide). The list is committed in
 * `_golden/gnu-mnemonics.json` (rewritten with PVLAB_UPDATE_GOLDEN=1 or when
 * missing) and re-derived live where the tool exists.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { GNU_EXTRAS, INSTRUCTIONS, PSEUDOS } from '@pvlab/assembler';
import { isMnemonic, UNSUPPORTED_MNEMONICS } from '../../src/front/instruction.js';
import { GNU_AS, gnuAssembleOnly, gnuVersions, hasGnuTools, REQUIRE_TOOLS_ENV } from '../_helpers/gnu.js';

const GOLDEN = new URL('./_golden/gnu-mnemonics.json', import.meta.url);

/** Strings of a binary that look like mnemonics, with all their suffixes. */
function candidates(binary: Uint8Array): string[] {
  const out = new Set<string>();
  let run = '';
  const flush = () => {
    for (let i = 0; i < run.length; i++) {
      const s = run.slice(i);
      if (s.length <= 20 && /^[a-z][a-z0-9.]*$/.test(s)) out.add(s);
    }
    run = '';
  };
  for (const b of binary) {
    if (b >= 0x20 && b < 0x7f) run += String.fromCharCode(b);
    else flush();
  }
  flush();
  return [...out].sort();
}

/** GNU as's mnemonics: the candidates it does not reject as unrecognized. */
function deriveGnuMnemonics(): string[] {
  const path = spawnSync('sh', ['-c', `command -v ${GNU_AS}`], { encoding: 'utf8' }).stdout.trim();
  const names = candidates(readFileSync(path));
  const { diagnostics } = gnuAssembleOnly(names.map((n) => `\t${n}\n`).join(''));
  const unknown = new Set(diagnostics.filter((d) => /unrecognized opcode/.test(d.message)).map((d) => d.line - 1));
  return names.filter((_, i) => !unknown.has(i));
}

interface Golden { readonly tools: string; readonly mnemonics: readonly string[] }

const live = hasGnuTools();
let gnu: readonly string[] | undefined;
let problem: string | undefined;
if (live) {
  gnu = deriveGnuMnemonics();
  if (process.env.PVLAB_UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) {
    writeFileSync(GOLDEN, `${JSON.stringify({ tools: gnuVersions(), mnemonics: gnu } satisfies Golden, null, 1)}\n`);
  }
} else if (process.env[REQUIRE_TOOLS_ENV] === '1') problem = `${GNU_AS} is required but not installed`;
else if (existsSync(GOLDEN)) gnu = (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden).mnemonics;
else problem = 'no golden list: run this test where GNU as is installed';

test('the committed list is what the installed GNU as accepts', (t) => {
  if (problem) return t.fail(problem);
  const committed = (JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden).mnemonics;
  t.true(committed.length > 150, 'suspiciously short list');
  for (const known of ['add', 'ret', 'sbreak', 'scall', 'csrrw', 'amoswap.w.aqrl']) t.true(committed.includes(known), known);
  if (live) t.deepEqual(committed, gnu, 'GNU as accepts other mnemonics now: regenerate with PVLAB_UPDATE_GOLDEN=1');
});

test('pvlab accepts every mnemonic GNU as accepts, or refuses it with a reason', (t) => {
  if (problem) return t.fail(problem);
  t.deepEqual(gnu!.filter((n) => !isMnemonic(n) && !UNSUPPORTED_MNEMONICS.has(n)), []);
  t.deepEqual([...UNSUPPORTED_MNEMONICS.keys()].filter((n) => isMnemonic(n)), [], 'refused and accepted at once');
});

test('pvlab invents no mnemonic GNU as does not know', (t) => {
  if (problem) return t.fail(problem);
  const ours = new Set([
    ...INSTRUCTIONS.map((i) => i.name), ...PSEUDOS.map((p) => p.name),
    ...GNU_EXTRAS.filter((e) => e.assemble).map((e) => e.spec.name), ...UNSUPPORTED_MNEMONICS.keys(),
  ]);
  t.deepEqual([...ours].filter((n) => !gnu!.includes(n)).sort(), []);
});
