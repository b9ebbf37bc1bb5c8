/**
 * The pvlab commands, one row each: what `pvlab --help` lists, what main.ts
 * runs, and each command's option table (which tests walk, so every numeric
 * and size option of every command is checked the same way).
 */
import type { OptionTable } from '../options.js';
import { asmCommand, asmHelp, asmOptions } from './asm.js';
import { benchCommand, benchHelp, benchOptions } from './bench.js';
import { bootCommand, bootHelp, bootOptions } from './boot.js';
import { ctlCommand, ctlHelp, ctlOptions } from './ctl.js';
import { hypercallsCommand, hypercallsHelp, hypercallsOptions } from './hypercalls.js';
import { objdumpCommand, objdumpHelp, objdumpOptions } from './objdump.js';
import { receiveCommand, receiveHelp, receiveOptions } from './receive.js';
import { runCommand, runHelp, runOptions } from './run.js';

/** One command. */
export interface Command {
  readonly summary: string;
  readonly help: string;
  readonly options: OptionTable;
  readonly run: (argv: string[]) => number | Promise<number>;
}

export const COMMANDS: Readonly<Record<string, Command>> = {
  asm: { summary: 'assemble and link RISC-V sources into an ELF executable', help: asmHelp, options: asmOptions, run: asmCommand },
  run: { summary: 'run a bare-metal RISC-V program on the emulated board', help: runHelp, options: runOptions, run: runCommand },
  boot: { summary: 'boot the teaching kernel: natively, trapped (trap-and-emulate) or paravirtualized', help: bootHelp, options: bootOptions, run: bootCommand },
  ctl: { summary: 'control a running pvlab (boot --control): list, pause, resume, snapshot, balloon, migrate, destroy VMs', help: ctlHelp, options: ctlOptions, run: ctlCommand },
  receive: { summary: 'wait for a VM migrated live from another pvlab (ctl migrate), then run it here', help: receiveHelp, options: receiveOptions, run: receiveCommand },
  bench: { summary: 'benchmark native vs paravirtual vs trapped execution: table, JSON, HTML report', help: benchHelp, options: benchOptions, run: benchCommand },
  objdump: { summary: 'disassemble an ELF file as riscv64-unknown-elf-objdump -d does', help: objdumpHelp, options: objdumpOptions, run: objdumpCommand },
  hypercalls: { summary: 'list the hypercall catalogue, write guest includes and docs (also for your own hypercalls)', help: hypercallsHelp, options: hypercallsOptions, run: hypercallsCommand },
};
