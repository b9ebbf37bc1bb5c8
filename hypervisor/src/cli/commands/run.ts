/**
 * `pvlab run --bare`: run a bare-metal RISC-V program on the emulated board.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { disassembleWord } from '@pvlab/assembler';
import { Machine } from '../../machine/machine.js';
import { LoadError, symbolize } from '../../machine/elf-loader.js';
import { causeOf } from '@pvlab/assembler';
import { UsageError } from '../output.js';
import { runOnTerminal } from '../terminal.js';
import { parseSize } from '../sizes.js';

export const runHelp = `usage: pvlab run --bare [options] PROGRAM.elf

Run a bare-metal RV32IMA program on pvlab's board — QEMU virt's memory map:
UART (NS16550A) at 0x10000000, CLINT at 0x2000000, PLIC at 0xc000000, the
sifive_test finisher at 0x100000, RAM at 0x80000000. Its console is your
terminal: UART output on stdout, stdin to the UART. The exit code is the
program's: from the finisher (0x5555 pass, code<<16|0x3333 fail) or from
HTIF (tohost = 1 pass, code<<1|1 fail), as riscv-tests report.

options:
  --bare               run the program alone, no kernel or hypervisor (required for now)
  --max-insns N        stop after N instructions (exit code 3 when the budget runs out)
  --memory SIZE        RAM size, e.g. 128M (default), 1G
  --binary ADDR        PROGRAM is a raw binary to load at ADDR (e.g. 0x80000000)
  --trace              print every instruction: pc, symbol+offset, word, disassembly
  --stats              print instructions, modeled cycles and traps by cause at the end

On a terminal, keys go to the UART as you type them; Ctrl-A then x leaves.

examples:
  pvlab run --bare hello.elf
  pvlab run --bare --max-insns 1000000 --stats rv32ui-p-add`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      bare: { type: 'boolean' },
      'max-insns': { type: 'string' },
      memory: { type: 'string' },
      binary: { type: 'string' },
      trace: { type: 'boolean' },
      stats: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(runHelp);
    return 0;
  }
  if (!values.bare) throw new UsageError('run: only --bare programs can run yet (pvlab run --bare PROGRAM.elf)');
  if (positionals.length !== 1) throw new UsageError('run: give one program (try: pvlab run --help)');
  const max = values['max-insns'] === undefined ? Infinity : Number(values['max-insns'].replace(/_/g, ''));
  if (!(max > 0)) throw new UsageError(`run: --max-insns needs a positive number, not '${values['max-insns']}'`);
  const path = positionals[0];
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new UsageError(`run: cannot read '${path}'`);
  }
  const out: number[] = [];
  const flush = () => {
    if (out.length) process.stdout.write(Buffer.from(out.splice(0)));
  };
  const m = new Machine({ ramSize: values.memory ? parseSize(values.memory) : undefined, output: (b) => out.push(b) });
  try {
    if (values.binary) m.loadBinary(bytes, Number(values.binary));
    else m.loadElf(bytes);
  } catch (e) {
    if (e instanceof LoadError) throw new UsageError(`run: ${path}: ${e.message}`);
    throw e;
  }
  if (!process.stdin.isTTY) {
    try {
      m.uart.feed(readFileSync(0));
    } catch {
      // no stdin: nothing to feed
    }
  }
  const result = values.trace ? traceRun(m, max, out, flush) : process.stdin.isTTY ? await interactiveRun(m, max, flush) : m.run(max);
  flush();
  if (values.stats) printStats(m, result);
  switch (result.stop) {
    case 'finisher':
    case 'htif':
    case 'monitor':
      return result.exitCode ?? 0;
    case 'budget':
      process.stderr.write(`pvlab: the program did not stop within ${result.instructions.toLocaleString('en-US')} instructions (--max-insns); pc = 0x${m.hart.pc.toString(16)}\n`);
      return 3;
    case 'deadlock':
      process.stderr.write(`pvlab: the hart waits (wfi) for an interrupt that can never come; pc = 0x${m.hart.pc.toString(16)}\n`);
      return 4;
  }
}

/** On a terminal: keystrokes reach the UART between slices (terminal.ts). */
async function interactiveRun(m: Machine, max: number, flush: () => void) {
  const { last, instructions } = await runOnTerminal(
    {
      run: (n) => m.run(n),
      feed: (bytes) => m.uart.feed(bytes),
      instructions: (r) => r.instructions,
      waiting: (r) => r.stop === 'deadlock',
      finished: (r) => r.stop !== 'budget' && r.stop !== 'deadlock',
    },
    max,
    flush,
  );
  return { ...last, instructions };
}

function traceRun(m: Machine, max: number, out: number[], flush: () => void) {
  const h = m.hart;
  const syms = m.program?.sortedSymbols ?? [];
  let result = m.run(0);
  for (let i = 0; i < max; i++) {
    const pc = h.pc;
    const word = m.bus.isRam(pc, 4) ? m.bus.read(pc, 4) ?? 0 : 0;
    const where = symbolize(syms, pc);
    const d = disassembleWord(word, pc, { symbolize: (a) => symbolize(syms, a) });
    flush();
    process.stderr.write(`${pc.toString(16).padStart(8, '0')} ${(where ? `<${where}>` : '').padEnd(24)} ${word.toString(16).padStart(8, '0')}  ${d.text}\n`);
    result = m.run(1);
    if (result.stop !== 'budget') break;
  }
  void out;
  return result;
}

function printStats(m: Machine, r: { instructions: number; cycles: number }): void {
  const rows = [...m.hart.trapCounts].sort((a, b) => b[1] - a[1]).map(([c, n]) => `  ${(causeOf(c)?.name ?? `cause 0x${c.toString(16)}`).padEnd(32)} ${n}`);
  process.stderr.write(`\ninstructions  ${r.instructions.toLocaleString('en-US')}\ncycles        ${r.cycles.toLocaleString('en-US')}\ntraps${rows.length ? '\n' + rows.join('\n') : '         none'}\n`);
}
