#!/usr/bin/env node
/**
 * `pvlab`: the command-line tool. Each command is one row of COMMANDS.
 */
import { asmCommand, asmHelp } from './commands/asm.js';
import { benchCommand, benchHelp } from './commands/bench.js';
import { bootCommand, bootHelp } from './commands/boot.js';
import { hypercallsCommand, hypercallsHelp } from './commands/hypercalls.js';
import { objdumpCommand, objdumpHelp } from './commands/objdump.js';
import { runCommand, runHelp } from './commands/run.js';
import { UsageError, bold } from './output.js';

interface Command {
  readonly summary: string;
  readonly help: string;
  readonly run: (argv: string[]) => number | Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  asm: { summary: 'assemble and link RISC-V sources into an ELF executable', help: asmHelp, run: asmCommand },
  run: { summary: 'run a bare-metal RISC-V program on the emulated board', help: runHelp, run: runCommand },
  boot: { summary: 'boot the teaching kernel: natively, trapped (trap-and-emulate) or paravirtualized', help: bootHelp, run: bootCommand },
  bench: { summary: 'benchmark native vs paravirtual vs trapped execution: table, JSON, HTML report', help: benchHelp, run: benchCommand },
  objdump: { summary: 'disassemble an ELF file as riscv64-unknown-elf-objdump -d does', help: objdumpHelp, run: objdumpCommand },
  hypercalls: { summary: 'list the hypercall catalogue, write guest includes and docs (also for your own hypercalls)', help: hypercallsHelp, run: hypercallsCommand },
};

function usage(): string {
  const rows = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`);
  return `${bold('pvlab')} — a para-virtualization lab on an emulated RISC-V machine

usage: pvlab COMMAND [options]

commands:
${rows.join('\n')}

Run 'pvlab COMMAND --help' for a command's options and examples.

A first session:
  pvlab asm hello.s -o hello.elf        assemble a bare-metal program
  pvlab objdump hello.elf               see what it assembled to
  pvlab run --bare hello.elf            run it on the emulated RISC-V board

The kernel, three ways (after npm run build):
  pvlab boot                            the shell, natively (type 'help'; Ctrl-A x leaves)
  pvlab boot --mode trap --stats        the same kernel.elf, deprivileged: every exit counted
  pvlab boot --mode paravirt --trace    kernel-pv.elf, asking by hypercall: every call shown
  pvlab bench --html report.html        native vs paravirt vs trap, with charts

Tutorials: docs/tutorials/ (build and boot, a custom hypercall, the benchmark).`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return 0;
  }
  if (name === '--version') {
    console.log('pvlab 0.1.0');
    return 0;
  }
  const command = COMMANDS[name];
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')}; try pvlab --help)`);
  return command.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // Errors reach the user as one line; a stack trace is a pvlab bug, shown only with PVLAB_DEBUG.
    if (err instanceof UsageError) {
      process.stderr.write(`pvlab: ${err.message}\n`);
      process.exit(err.exitCode);
    }
    const e = err as { code?: string; message?: string };
    if (e?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || e?.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || e?.code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
      process.stderr.write(`pvlab: ${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`pvlab: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env.PVLAB_DEBUG) console.error(err);
    process.exit(70);
  },
);
