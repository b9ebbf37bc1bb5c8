/**
 * `pvlab run --bare`: run a bare-metal RISC-V program on the emulated board.
 */
import { readFileSync } from 'node:fs';
import { causeOf, disassembleWord } from '@pvlab/assembler';
import { RAM_GRANULE, RAM_SIZE_MAX } from '../../machine/bus.js';
import { Machine, type RunResult } from '../../machine/machine.js';
import { LoadError, symbolize } from '../../machine/elf-loader.js';
import { readInput } from '../files.js';
import { address, count, flag, parseOptions, size, type OptionTable } from '../options.js';
import { ConsoleOut, UsageError } from '../output.js';
import { runOnTerminal } from '../terminal.js';

/** `pvlab run`'s options. */
export const runOptions = {
  bare: flag(),
  'max-insns': count(1, Number.MAX_SAFE_INTEGER),
  memory: size(RAM_GRANULE, RAM_SIZE_MAX, RAM_GRANULE),
  binary: address(),
  trace: flag(),
  stats: flag(),
  help: flag('h'),
} as const satisfies OptionTable;

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
  const { values, positionals } = parseOptions('run', argv, runOptions);
  if (values.help) {
    console.log(runHelp);
    return 0;
  }
  if (!values.bare) throw new UsageError('run: only --bare programs can run yet (pvlab run --bare PROGRAM.elf)');
  if (positionals.length !== 1) throw new UsageError('run: give one program (try: pvlab run --help)');
  const max = values['max-insns'] ?? Infinity;
  const path = positionals[0];
  const bytes = readInput('run', '', path);
  const out = new ConsoleOut();
  const m = new Machine({ ramSize: values.memory, output: (b) => out.push(b) });
  try {
    if (values.binary !== undefined) m.loadBinary(bytes, values.binary);
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
  let quit = false;
  let result: RunResult;
  if (values.trace) result = traceRun(m, max, out);
  else if (process.stdin.isTTY) ({ result, quit } = await interactiveRun(m, max, out));
  else result = m.run(max);
  out.flush();
  if (values.stats) printStats(m, result);
  if (quit) return 0; // the user left with Ctrl-A x
  switch (result.stop) {
    case 'finisher':
    case 'htif':
    case 'monitor':
      return result.exitCode ?? 0;
    case 'budget':
      process.stderr.write(`pvlab: the program did not stop within its budget of ${max.toLocaleString('en-US')} instructions (--max-insns); it retired ${m.hart.retired().toLocaleString('en-US')}; pc = 0x${m.hart.pc.toString(16)}\n`);
      return 3;
    case 'deadlock':
      process.stderr.write(`pvlab: the hart waits (wfi) for an interrupt that can never come; pc = 0x${m.hart.pc.toString(16)}\n`);
      return 4;
  }
}

/** On a terminal: keystrokes reach the UART between slices (terminal.ts). */
async function interactiveRun(m: Machine, max: number, out: ConsoleOut): Promise<{ result: RunResult; quit: boolean }> {
  const { last, instructions, quit } = await runOnTerminal(
    {
      run: (n) => m.run(n),
      feed: (bytes) => m.uart.feed(bytes),
      instructions: (r) => r.instructions,
      waiting: (r) => r.stop === 'deadlock',
      finished: (r) => r.stop !== 'budget' && r.stop !== 'deadlock',
    },
    max,
    () => out.flush(),
  );
  return { result: { ...last, instructions }, quit };
}

/** One instruction at a time, each printed before it runs; the result counts them all. */
function traceRun(m: Machine, max: number, out: ConsoleOut): RunResult {
  const h = m.hart;
  const syms = m.program?.sortedSymbols ?? [];
  const start = h.retired();
  let result = m.run(0);
  for (let i = 0; i < max; i++) {
    const pc = h.pc;
    const word = m.bus.isRam(pc, 4) ? m.bus.read(pc, 4) ?? 0 : 0;
    const where = symbolize(syms, pc);
    const d = disassembleWord(word, pc, { symbolize: (a) => symbolize(syms, a) });
    out.flush();
    process.stderr.write(`${pc.toString(16).padStart(8, '0')} ${(where ? `<${where}>` : '').padEnd(24)} ${word.toString(16).padStart(8, '0')}  ${d.text}\n`);
    result = m.run(1);
    if (result.stop !== 'budget') break;
  }
  return { ...result, instructions: h.retired() - start };
}

function printStats(m: Machine, r: { instructions: number; cycles: number }): void {
  const rows = [...m.hart.trapCounts].sort((a, b) => b[1] - a[1]).map(([c, n]) => `  ${(causeOf(c)?.name ?? `cause 0x${c.toString(16)}`).padEnd(32)} ${n}`);
  process.stderr.write(`\ninstructions  ${r.instructions.toLocaleString('en-US')}\ncycles        ${r.cycles.toLocaleString('en-US')}\ntraps${rows.length ? '\n' + rows.join('\n') : '         none'}\n`);
}
