#!/usr/bin/env node
/**
 * `pvlab`: the command-line tool. Each command is one row of COMMANDS.
 */
import { COMMANDS } from './commands/index.js';
import { UsageError, bold } from './output.js';
import { userDirectory } from './working-directory.js';

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
  pvlab boot --mode trap --gdb 127.0.0.1:1234 --gdb-wait    then gdb: see the guest, and the hypervisor

Save a run at an exact instruction, and continue it later (another process), exactly:
  printf 'run null 1000\\nhalt\\n' | pvlab boot --mode trap --script - --snapshot-at 500000 --snapshot vm.pvsnap
  pvlab boot --restore vm.pvsnap --stats

Tutorials: docs/tutorials/ (build and boot, a custom hypercall, the benchmark, debug the kernel,
save, restore and migrate a VM).`;
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
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) throw new UsageError(`unknown command '${name}' (commands: ${Object.keys(COMMANDS).join(', ')}; try pvlab --help)`);
  return command.run(rest);
}

// Relative paths are the user's: undo npx's move to a workspace's root (working-directory.ts).
process.chdir(userDirectory());

/**
 * Everything written to stdout and stderr, out: a pipe the reader is slow on
 * (a long --trace on stderr) holds writes in a queue, which process.exit
 * would drop — a write's callback runs once the writes before it are out.
 */
const drained = (): Promise<unknown> =>
  Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((done) => {
    // A reader that left (`| head`) is no reason to fail: what it did not read is dropped, as before.
    s.on('error', () => done());
    if (s.writableLength === 0 || s.destroyed) return done();
    s.write('', () => done());
  })));

main(process.argv.slice(2)).then(
  (code) => drained().then(() => process.exit(code)),
  (err: unknown) => {
    // Errors reach the user as one line; a stack trace is a pvlab bug, shown only with PVLAB_DEBUG.
    if (err instanceof UsageError) {
      process.stderr.write(`pvlab: ${err.message}\n`);
      process.exit(err.exitCode);
    }
    const e = err as { message?: string };
    process.stderr.write(`pvlab: internal error: ${e?.message ?? String(err)}\n`);
    if (process.env.PVLAB_DEBUG) console.error(err);
    process.exit(70);
  },
);
