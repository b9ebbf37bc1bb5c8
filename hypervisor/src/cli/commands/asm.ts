/**
 * `pvlab asm`: assemble and link RISC-V sources into an ELF executable.
 */
import { basename } from 'node:path';
import { assemble, parseArch } from '@pvlab/assembler';
import { readInput, writeOutput } from '../files.js';
import { flag, parseOptions, text, texts, type OptionTable } from '../options.js';
import { UsageError, useColor } from '../output.js';

/** `pvlab asm`'s options. */
export const asmOptions = {
  output: text('o'),
  script: text('T'),
  I: texts('I'),
  march: text(),
  defsym: texts(),
  binary: text(),
  listing: text(),
  map: text(),
  lines: text(),
  Werror: flag(),
  json: flag(),
  help: flag('h'),
} as const satisfies OptionTable;

/**
 * Why `bytes` cannot be an assembly source, or undefined: a source is text, so a NUL byte
 * (which no text has) means a binary file — most often an ELF given where its .s belongs.
 */
function notSource(bytes: Uint8Array): string | undefined {
  if (bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46) return 'it is an ELF file (binary); give the assembly sources (.s) it was built from';
  const nul = bytes.indexOf(0);
  return nul >= 0 ? `it is a binary file (a NUL byte at offset ${nul}), not assembly text` : undefined;
}

export const asmHelp = `usage: pvlab asm [options] FILE.s... [-o OUT.elf]

Assemble GNU-syntax RV32IMA + Zicsr + Zifencei sources and link them into one
ELF executable, as riscv64-unknown-elf-as + ld would.

options:
  -o, --output FILE     the ELF executable (default: the first source's name, .elf)
  -T, --script FILE     a GNU ld linker script for the layout (default: code at 0x80000000)
  -I DIR                search DIR for .include files (repeatable)
  --march ISA           the architecture, as GNU as's -march (default rv32ima_zicsr_zifencei;
                        rv32imac_zicsr_zifencei compresses instructions as GNU as does)
  --defsym NAME=VALUE   define a symbol before assembling (repeatable)
  --binary FILE         also write the raw image (as objcopy -O binary)
  --listing FILE        also write a listing: address, bytes, source line
  --map FILE            also write the symbol map
  --lines FILE          also write the address → file:line map (JSON)
  --Werror              treat warnings as errors
  --json                print diagnostics as JSON on stdout

examples:
  pvlab asm hello.s -o hello.elf
  pvlab asm -T link.ld -I include start.s main.s -o test.elf --listing test.lst`;

export function asmCommand(argv: string[]): number {
  const { values, positionals } = parseOptions('asm', argv, asmOptions);
  if (values.help) {
    console.log(asmHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('asm: no input files (try: pvlab asm --help)');
  for (const path of positionals) {
    const why = notSource(readInput('asm', '', path));
    if (why) throw new UsageError(`asm: ${path}: ${why}`);
  }
  const defsym: Record<string, number> = {};
  for (const d of values.defsym ?? []) {
    const m = /^([A-Za-z_.$][\w.$]*)=(-?(?:0x[0-9a-f]+|\d+))$/i.exec(d);
    if (!m) throw new UsageError(`asm: --defsym expects NAME=VALUE, got '${d}'`);
    defsym[m[1]] = Number(m[2]);
  }
  const march = values.march === undefined ? undefined : parseArch(values.march);
  if (march?.error !== undefined) throw new UsageError(`asm: --march: ${march.error}`);
  const layout = values.script === undefined ? undefined : readInput('asm', 'linker script', values.script).toString('utf8');
  const result = assemble(positionals.map((path) => ({ path })), {
    listing: Boolean(values.listing),
    includePaths: values.I ?? [],
    defsym,
    layout,
    layoutFile: values.script,
    werror: values.Werror ?? false,
    march: values.march,
  });
  if (values.json) {
    console.log(JSON.stringify({ ok: result.ok, diagnostics: result.diagnostics }, null, 2));
  } else if (result.diagnostics.length > 0) {
    process.stderr.write(result.formatDiagnostics(useColor()) + '\n');
    const errors = result.diagnostics.filter((d) => d.severity === 'error').length;
    if (errors > 0) process.stderr.write(`${errors} error${errors === 1 ? '' : 's'}\n`);
  }
  const program = result.program;
  if (!result.ok || !program) return 1;
  writeOutput('asm', values.output ?? basename(positionals[0]).replace(/\.[sS]$/, '') + '.elf', program.elf());
  if (values.binary) writeOutput('asm', values.binary, program.binary());
  if (values.listing) writeOutput('asm', values.listing, program.listing());
  if (values.map) writeOutput('asm', values.map, program.symbolMap());
  if (values.lines) writeOutput('asm', values.lines, JSON.stringify(program.lineMap));
  return 0;
}
