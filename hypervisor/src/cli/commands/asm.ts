/**
 * `pvlab asm`: assemble and link RISC-V sources into an ELF executable.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { assemble, parseArch } from '@pvlab/assembler';
import { UsageError, useColor } from '../output.js';

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
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      output: { type: 'string', short: 'o' },
      script: { type: 'string', short: 'T' },
      I: { type: 'string', short: 'I', multiple: true },
      march: { type: 'string' },
      defsym: { type: 'string', multiple: true },
      binary: { type: 'string' },
      listing: { type: 'string' },
      map: { type: 'string' },
      lines: { type: 'string' },
      Werror: { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(asmHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('asm: no input files (try: pvlab asm --help)');
  const defsym: Record<string, number> = {};
  for (const d of values.defsym ?? []) {
    const m = /^([A-Za-z_.$][\w.$]*)=(-?(?:0x[0-9a-f]+|\d+))$/i.exec(d);
    if (!m) throw new UsageError(`asm: --defsym expects NAME=VALUE, got '${d}'`);
    defsym[m[1]] = Number(m[2]);
  }
  const march = values.march === undefined ? undefined : parseArch(values.march);
  if (march?.error !== undefined) throw new UsageError(`asm: --march: ${march.error}`);
  let layout: string | undefined;
  if (values.script) {
    try {
      layout = readFileSync(values.script, 'utf8');
    } catch {
      throw new UsageError(`asm: cannot read linker script '${values.script}'`);
    }
  }
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
  const out = values.output ?? basename(positionals[0]).replace(/\.[sS]$/, '') + '.elf';
  writeFileSync(out, program.elf());
  if (values.binary) writeFileSync(values.binary, program.binary());
  if (values.listing) writeFileSync(values.listing, program.listing());
  if (values.map) writeFileSync(values.map, program.symbolMap());
  if (values.lines) writeFileSync(values.lines, JSON.stringify(program.lineMap));
  return 0;
}
