/**
 * The assembler's reference page, generated from the tables it documents:
 * the instruction table, the pseudo-instruction table, the directive table
 * and the CSR table. `docs/reference/assembler.md` is this text; a test
 * fails when the committed copy is stale.
 */
import { INSTRUCTIONS } from '../isa/instructions.js';
import { CSRS } from '../isa/csrs.js';
import { GNU_EXTRAS } from '../isa/gnu-extras.js';
import { COMPRESSED, type CCondition, type CompressedSpec } from '../isa/compressed.js';
import { ABI_NAMES } from '../isa/registers.js';
import { PSEUDOS } from '../front/pseudo.js';
import { UNSUPPORTED_MNEMONICS } from '../front/instruction.js';
import { COMPRESSIONS } from '../front/compressions.js';
import { DIRECTIVES } from '../front/directives/index.js';

const code = (s: string) => '`' + s + '`';

/** `addi crd, crd, imm6`, the expansion as a line of the base instruction. */
function expansionText(c: CompressedSpec): string {
  if (!c.expansion) return 'illegal';
  const { base, args } = c.expansion;
  let i = 0;
  const line = base.syntax.replace(/[a-z][a-z0-9]*/g, () => {
    const a = args[i++];
    return typeof a === 'number' ? (base.operands[i - 1].startsWith('r') ? ABI_NAMES[a] : String(a)) : a;
  });
  return code(line ? `${base.name} ${line}` : base.name);
}

const conditions = (cs: readonly CCondition[]): string =>
  cs.map((c) => Object.entries(c).map(([k, v]) => `${k} ${v === 'nonzero' ? '≠ 0' : `= ${v}`}`).join(', ') || 'always').join('; ');

export function assemblerReference(): string {
  const out: string[] = [
    '<!-- generated from the assembler\'s tables by `npm run docs` — do not edit -->',
    '# pvlab assembler reference',
    '',
    'GNU as syntax for RV32IMA + Zicsr + Zifencei and the privileged instructions, and the C extension',
    '(`-march=rv32imac_zicsr_zifencei`). Every row below comes from the table the assembler, the',
    'disassembler and the emulator use.',
    '',
    `## Instructions (${INSTRUCTIONS.length})`,
    '',
    '| mnemonic | extension | format | operands | fixed bits (match / mask) | what it does |',
    '|---|---|---|---|---|---|',
    ...INSTRUCTIONS.map((i) => `| ${code(i.name)} | ${i.ext} | ${i.format} | ${i.syntax ? code(i.syntax) : ''} | ${code('0x' + i.match.toString(16).padStart(8, '0'))} / ${code('0x' + i.mask.toString(16).padStart(8, '0'))} | ${i.doc} |`),
    '',
    `## Pseudo-instructions and alternative forms (${PSEUDOS.length})`,
    '',
    '| mnemonic | operands | expands to | what it does |',
    '|---|---|---|---|',
    ...PSEUDOS.map((p) => `| ${code(p.name)} | ${p.syntax ? code(p.syntax) : ''} | ${p.expansion.map(code).join('; ')}${p.special === 'li' ? ' (one or two, as GNU as)' : ''} | ${p.doc} |`),
    '',
    `## Compressed instructions (${COMPRESSED.length})`,
    '',
    'The C extension for RV32 without F or D: each 16-bit instruction and the 32-bit one it stands for.',
    'Halfwords that match no row, or a reserved value of one, are illegal instructions.',
    '',
    '| mnemonic | format | operands | fixed bits (match / mask) | expands to | reserved | HINT when | what it does |',
    '|---|---|---|---|---|---|---|---|',
    ...COMPRESSED.map((c) => `| ${code(c.name)} | ${c.format} | ${c.syntax ? code(c.syntax) : ''} | ${code('0x' + c.match.toString(16).padStart(4, '0'))} / ${code('0x' + c.mask.toString(16).padStart(4, '0'))} | ${expansionText(c)} | ${conditions(c.reserved)} | ${conditions(c.hint)} | ${c.doc} |`),
    '',
    `## What the assembler compresses (${COMPRESSIONS.length} rules)`,
    '',
    'With the C extension on (`-march=rv32imac_zicsr_zifencei`, `.option rvc`), an instruction written',
    'in one of these forms becomes the compressed row named when its operands fit, as GNU as 2.40',
    'does; rules of one form are tried in this order. Other forms stay 32-bit.',
    '',
    '| written as | becomes | when also |',
    '|---|---|---|',
    ...COMPRESSIONS.map((r) => `| ${code(r.from)} | ${code(r.to)} | ${[
      r.nonzero ? `${r.nonzero.join(', ')} ≠ 0` : '', r.when ? conditions([r.when]) : '', r.commute ? 'rs1 and rs2 swapped' : '', r.as ? `read as ${code(r.as)}` : '',
    ].filter(Boolean).join('; ')} |`),
    '',
    '## Encodings outside pvlab\'s ISA',
    '',
    'GNU binutils 2.40 knows these words for RV32; pvlab assembles the ones GNU as assembles and',
    'disassembles all of them as objdump does. pvlab\'s hart raises illegal-instruction on each.',
    '',
    '| mnemonic | operands | fixed bits (match / mask) | assembled | what it is |',
    '|---|---|---|---|---|',
    ...GNU_EXTRAS.map((e) => `| ${code(e.spec.name)} | ${e.spec.syntax ? code(e.spec.syntax) : ''} | ${code('0x' + e.spec.match.toString(16).padStart(8, '0'))} / ${code('0x' + e.spec.mask.toString(16).padStart(8, '0'))} | ${e.assemble ? 'yes' : 'no (decoded only)'} | ${e.spec.doc} |`),
    '',
    '## Mnemonics GNU as accepts that pvlab refuses',
    '',
    ...[...UNSUPPORTED_MNEMONICS].map(([name, why]) => `- ${code(name)}: ${why}.`),
    '',
    `## Directives (${DIRECTIVES.size})`,
    '',
    [...DIRECTIVES.keys()].sort().map(code).join(' '),
    '',
    `## CSRs known by name (${CSRS.length})`,
    '',
    '| number | name | lowest privilege | read-only | emulated by pvlab | |',
    '|---|---|---|---|---|---|',
    ...[...CSRS].sort((a, b) => a.number - b.number).map((c) => `| ${code('0x' + c.number.toString(16).padStart(3, '0'))} | ${code(c.name)} | ${c.privilege} | ${c.readOnly ? 'yes' : ''} | ${c.implemented ? 'yes' : ''} | ${c.doc} |`),
    '',
  ];
  return out.join('\n');
}
