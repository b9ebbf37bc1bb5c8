/**
 * `pvlab objdump`: disassemble an ELF file's code sections, in exactly the
 * text `riscv64-unknown-elf-objdump -d` prints (or `-M no-aliases`).
 */
import { AddressTracker, PRIV_SPECS, RISCV_ATTRIBUTE_TAGS, SHF, disassembleImage, isElfError, parseRiscvAttributes, readElf, type ElfFile, type PrivSpec } from '@pvlab/assembler';
import { readInput } from '../files.js';
import { flag, parseOptions, texts, type OptionTable } from '../options.js';
import { UsageError } from '../output.js';

/** `pvlab objdump`'s options (-d is what it always does, accepted as objdump's spelling). */
export const objdumpOptions = {
  M: texts('M'),
  d: flag('d'),
  section: texts('j'),
  help: flag('h'),
} as const satisfies OptionTable;

export const objdumpHelp = `usage: pvlab objdump [-M no-aliases] [-j SECTION] FILE.elf

Disassemble the code sections of an ELF file, as riscv64-unknown-elf-objdump -d
does: addresses, raw words, instructions with their conventional
pseudo-instructions (li, mv, ret, j, csrr, …) and symbolic targets.

options:
  -M no-aliases     print the real instructions (addi, jal, csrrs, …), no pseudo-instructions
  -j, --section S   only this section (repeatable)

examples:
  pvlab objdump hello.elf
  pvlab objdump -M no-aliases -j .text.init test.elf`;

/** The privileged spec objdump would pick: the file's attribute, else 1.12 (binutils 2.40's default without one). */
function privSpecOf(elf: ElfFile): PrivSpec {
  const attrs = elf.sections.find((s) => s.name === '.riscv.attributes');
  const parsed = attrs ? parseRiscvAttributes(attrs.data) : undefined;
  const major = parsed?.get(RISCV_ATTRIBUTE_TAGS.privSpec);
  const minor = parsed?.get(RISCV_ATTRIBUTE_TAGS.privSpecMinor) ?? 0;
  const rev = parsed?.get(RISCV_ATTRIBUTE_TAGS.privSpecRevision) ?? 0;
  const name = major === undefined ? '1.12' : `${major}.${minor}${rev ? '.' + rev : ''}`;
  return (PRIV_SPECS as readonly string[]).includes(name) ? (name as PrivSpec) : '1.12';
}

/**
 * Whether objdump decodes 16-bit parcels as compressed instructions: when
 * the file's Tag_RISCV_arch names the C extension (`…_c2p0_…`, the form GNU
 * as writes), and when there is no arch attribute at all (objdump then
 * assumes its default, rv64gc).
 */
function hasRvc(elf: ElfFile): boolean {
  const attrs = elf.sections.find((s) => s.name === '.riscv.attributes');
  const arch = attrs ? parseRiscvAttributes(attrs.data)?.get(RISCV_ATTRIBUTE_TAGS.arch) : undefined;
  if (typeof arch !== 'string') return true;
  return arch.toLowerCase().split('_').slice(1).some((p) => /^c\d+p\d+$/.test(p)) || /^rv\d+[a-z]*c/.test(arch.toLowerCase().split('_')[0].replace(/\d+p\d+/g, ''));
}

/** The whole objdump -d text for an ELF image. */
export function objdumpText(path: string, elf: ElfFile, options: { aliases: boolean; sections?: readonly string[] }): string {
  const privSpec = privSpecOf(elf);
  const out = [``, `${path}:     file format elf32-littleriscv`, ``];
  const code = elf.sections.filter((s) => (s.flags & SHF.EXECINSTR) !== 0 && s.size > 0 && (!options.sections || options.sections.includes(s.name)));
  // objdump remembers lui/auipc results for the whole file, not per section: an
  // access at the start of one section is annotated with a lui at the end of the
  // previous one (`sb a0,5(t0) # 10000005 <UART_BASE+0x5>`).
  const tracker = new AddressTracker(elf.symbols.find((y) => y.name === '__global_pointer$')?.value);
  const rvc = hasRvc(elf);
  for (const s of code) {
    const symbols = elf.symbols
      .filter((y) => y.name !== '' && y.type !== 'section' && y.type !== 'file' && y.section !== 'undef')
      .map((y) => ({ name: y.name, value: y.value, global: y.bind === 'global' || y.bind === 'weak', external: y.section !== s.name }));
    out.push('', `Disassembly of section ${s.name}:`);
    out.push(...disassembleImage(s.data, s.addr, { aliases: options.aliases, privSpec, symbols, sectionName: s.name, tracker, rvc }));
  }
  return out.join('\n') + '\n';
}

export function objdumpCommand(argv: string[]): number {
  const { values, positionals } = parseOptions('objdump', argv, objdumpOptions);
  if (values.help) {
    console.log(objdumpHelp);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('objdump: give one ELF file (try: pvlab objdump --help)');
  for (const m of values.M ?? []) if (m !== 'no-aliases') throw new UsageError(`objdump: unknown -M option '${m}' (pvlab knows: no-aliases)`);
  const path = positionals[0];
  const bytes = readInput('objdump', '', path);
  let elf: ElfFile;
  try {
    elf = readElf(bytes);
  } catch (e) {
    if (isElfError(e)) throw new UsageError(`objdump: ${path}: ${e.message}`);
    throw e;
  }
  process.stdout.write(objdumpText(path, elf, { aliases: !(values.M ?? []).includes('no-aliases'), sections: values.section }));
  // As GNU objdump: when no -j section exists in the file, each is named (last given first) and the exit status is 1.
  const named = values.section ?? [];
  if (named.length && !named.some((name) => elf.sections.some((s) => s.name === name))) {
    for (const name of [...new Set(named)].reverse()) process.stderr.write(`pvlab: objdump: section '${name}' mentioned in a -j option, but not found in any input file\n`);
    return 1;
  }
  return 0;
}
