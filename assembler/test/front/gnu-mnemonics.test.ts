/**
 * The mnemonics GNU as 2.40 accepts for RV32IMA + Zicsr + Zifencei (with the
 * privileged instructions) and with the C extension too, which extension
 * each needs, and pvlab's tables against them.
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
import { COMPRESSED, GNU_EXTRAS, INSTRUCTIONS, PSEUDOS, parseArch, hasExtension } from '@pvlab/assembler';
import { isMnemonic, mnemonicNeeds, UNSUPPORTED_MNEMONICS } from '../../src/front/instruction.js';
import { GNU_AS, GNU_AS_FLAGS, gnuAssembleOnly, gnuVersions, hasGnuTools, REQUIRE_TOOLS_ENV } from '../_helpers/gnu.js';

const RVC_FLAGS = ['-march=rv32imac_zicsr_zifencei', '-mabi=ilp32', '-mno-relax'];
/** Architectures with one extension each, to see which mnemonics need which. */
const GATING_MARCHES = ['rv32i', 'rv32im', 'rv32i_zmmul', 'rv32ia', 'rv32ic', 'rv32i_zicsr', 'rv32i_zifencei'] as const;

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

/** GNU as's mnemonics under some flags: the candidates it does not reject as unrecognized. */
function deriveGnuMnemonics(names: readonly string[], flags: readonly string[]): string[] {
  const { diagnostics } = gnuAssembleOnly(names.map((n) => `\t${n}\n`).join(''), flags);
  const unknown = new Set(diagnostics.filter((d) => /unrecognized opcode/.test(d.message)).map((d) => d.line - 1));
  return names.filter((_, i) => !unknown.has(i));
}

/** For an architecture, each mnemonic GNU as refuses for a missing extension, and the extensions it names (`m or zmmul`). */
function deriveGating(names: readonly string[], march: string): Record<string, string> {
  const { diagnostics } = gnuAssembleOnly(names.map((n) => `\t${n}\n`).join(''), [`-march=${march}`, '-mabi=ilp32']);
  const out: Record<string, string> = {};
  for (const d of diagnostics) {
    const m = /unrecognized opcode `[^']*', extension (.*) required/.exec(d.message);
    if (m) out[names[d.line - 1]] = [...m[1].matchAll(/`([^']+)'/g)].map((x) => x[1]).join(' or ');
  }
  return out;
}

interface Golden {
  readonly tools: string;
  /** With -march=rv32ima_zicsr_zifencei. */
  readonly mnemonics: readonly string[];
  /** With -march=rv32imac_zicsr_zifencei. */
  readonly rvcMnemonics: readonly string[];
  /** Per architecture, the mnemonics refused for a missing extension, and which. */
  readonly gating: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

function deriveAll(): Golden {
  const path = spawnSync('sh', ['-c', `command -v ${GNU_AS}`], { encoding: 'utf8' }).stdout.trim();
  const names = candidates(readFileSync(path));
  const rvcMnemonics = deriveGnuMnemonics(names, RVC_FLAGS);
  return {
    tools: gnuVersions(),
    mnemonics: deriveGnuMnemonics(rvcMnemonics, GNU_AS_FLAGS),
    rvcMnemonics,
    gating: Object.fromEntries(GATING_MARCHES.map((m) => [m, deriveGating(rvcMnemonics, m)])),
  };
}

const live = hasGnuTools();
let gnu: Golden | undefined;
let problem: string | undefined;
if (live) {
  gnu = deriveAll();
  if (process.env.PVLAB_UPDATE_GOLDEN === '1' || !existsSync(GOLDEN)) writeFileSync(GOLDEN, `${JSON.stringify(gnu, null, 1)}\n`);
} else if (process.env[REQUIRE_TOOLS_ENV] === '1') problem = `${GNU_AS} is required but not installed`;
else if (existsSync(GOLDEN)) gnu = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
else problem = 'no golden list: run this test where GNU as is installed';

test('the committed lists are what the installed GNU as accepts', (t) => {
  if (problem) return t.fail(problem);
  const committed = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;
  t.true(committed.mnemonics.length > 150, 'suspiciously short list');
  for (const known of ['add', 'ret', 'sbreak', 'scall', 'csrrw', 'amoswap.w.aqrl']) t.true(committed.mnemonics.includes(known), known);
  t.true(committed.rvcMnemonics.includes('c.addi4spn') && !committed.mnemonics.includes('c.addi4spn'));
  if (live) t.deepEqual({ ...committed, tools: '' }, { ...gnu!, tools: '' }, 'GNU as accepts other mnemonics now: regenerate with PVLAB_UPDATE_GOLDEN=1');
});

test('pvlab accepts every mnemonic GNU as accepts (with C: every c.* mnemonic), or refuses it with a reason', (t) => {
  if (problem) return t.fail(problem);
  t.deepEqual(gnu!.rvcMnemonics.filter((n) => !isMnemonic(n) && !UNSUPPORTED_MNEMONICS.has(n)), []);
  t.deepEqual([...UNSUPPORTED_MNEMONICS.keys()].filter((n) => isMnemonic(n)), [], 'refused and accepted at once');
  t.deepEqual(gnu!.rvcMnemonics.filter((n) => n.startsWith('c.') && !COMPRESSED.some((c) => c.name === n) && n !== 'c.nop'), [], 'c.* mnemonics without a row');
});

test('pvlab invents no mnemonic GNU as does not know', (t) => {
  if (problem) return t.fail(problem);
  const ours = new Set([
    ...INSTRUCTIONS.map((i) => i.name), ...PSEUDOS.map((p) => p.name), ...COMPRESSED.map((c) => c.name),
    ...GNU_EXTRAS.filter((e) => e.assemble).map((e) => e.spec.name), ...UNSUPPORTED_MNEMONICS.keys(),
  ]);
  t.deepEqual([...ours].filter((n) => !gnu!.rvcMnemonics.includes(n)).sort(), []);
});

for (const march of GATING_MARCHES) {
  test(`-march=${march}: pvlab refuses exactly the mnemonics GNU as refuses for a missing extension, naming the same ones`, (t) => {
    if (problem) return t.fail(problem);
    const arch = parseArch(march).arch!;
    const ours: Record<string, string> = {};
    for (const n of gnu!.rvcMnemonics) {
      if (!isMnemonic(n)) continue;
      const need = mnemonicNeeds(n);
      if (need.length > 0 && !need.some((e) => hasExtension(arch, e))) ours[n] = need.join(' or ');
    }
    const theirs = Object.fromEntries(Object.entries(gnu!.gating[march]).filter(([n]) => isMnemonic(n)));
    t.deepEqual(ours, theirs);
  });
}
