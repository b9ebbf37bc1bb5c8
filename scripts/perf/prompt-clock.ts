/**
 * What each shell command of a session costs the host, read at the shell's
 * prompts: how the kernel-path figures time pvlab's board and QEMU alike,
 * from outside the guest. A command's cost runs from the moment it is
 * typed to the prompt after it (the shell reading it, fork, exec, the
 * workload, exit, wait), so boot, start-up and shut-down are in none.
 *
 * Two clocks: the wall clock, and CPU time (user + system, every thread),
 * which other processes on a shared machine inflate far less. QEMU's CPU
 * time is read from /proc, where Linux updates a running thread's time
 * only now and then (milliseconds stale while it runs) but exactly when it
 * stops; so QEMU gets its commands typed one at a time, and its clock is
 * read once the guest waits at the prompt and QEMU's threads have settled.
 * pvlab's board runs in this process, whose CPU clock reads exactly at any
 * moment: it gets the whole script at once, as a scripted boot does.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { boot, releaseBoard } from '@pvlab/hypervisor';

/** Host time of one command, in ms. */
export interface Cost {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/** The shell's prompt, at the start of a line (guest-kernel/src/user/sh.s). */
const PROMPT = [0x0a, 0x24, 0x20]; // "\n$ "

/** Feed console bytes; calls `at` as the last byte of each prompt arrives. */
export function promptWatcher(at: () => void): (byte: number) => void {
  let matched = 1; // the console starts at a line's start
  return (byte) => {
    if (byte === PROMPT[matched]) {
      if (++matched === PROMPT.length) (matched = 0), at();
    } else matched = byte === PROMPT[0] ? 1 : 0;
  };
}

const cpuHere = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};

/**
 * Boot `kernel` natively on pvlab's board in this process with `commands`
 * (then `halt`): each command's cost, and the instructions of each
 * measured region (the workloads' markers), in order.
 */
export function pvlabCommands(kernel: Uint8Array, firmware: Uint8Array, commands: readonly string[]): { costs: Cost[]; regions: number[] } {
  const at: Cost[] = [];
  const regions: number[] = [];
  let begin = 0;
  const run = boot(kernel, {
    firmware, script: `${commands.join('\n')}\nhalt\n`, maxInstructions: 100e9,
    onOutput: promptWatcher(() => at.push({ wallMs: performance.now(), cpuMs: cpuHere() })),
    onMarker: (m) => (m.kind === 'begin' ? (begin = m.instructions) : regions.push(m.instructions - begin)),
  });
  if (run.stop !== 'shutdown' || at.length < commands.length + 1) {
    throw new Error(`pvlab: the kernel did not run every command (${run.stop}, ${at.length - 1} of ${commands.length})`);
  }
  const costs = commands.map((_, k) => ({ wallMs: at[k + 1].wallMs - at[k].wallMs, cpuMs: at[k + 1].cpuMs - at[k].cpuMs }));
  releaseBoard(run.machine); // nothing of the board is kept: its RAM serves the next session's
  return { costs, regions };
}

/** CPU time of process `pid`, all its threads, in ms (the scheduler's nanosecond counters). */
function cpuOf(pid: number): number {
  let ns = 0;
  for (const t of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'latin1').split(' ')[0]);
    } catch {
      // a thread that ended between the listing and the read
    }
  }
  return ns / 1e6;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** QEMU's CPU clock once it has settled: two reads a millisecond apart agree (at most 50 ms). */
async function settledCpu(pid: number): Promise<number> {
  let last = cpuOf(pid);
  for (let i = 0; i < 50; i++) {
    await sleep(1);
    const now = cpuOf(pid);
    if (now === last) return now;
    last = now;
  }
  return last;
}

/**
 * Run qemu-system-riscv32 (`-machine virt -nographic` and `args`), typing
 * `commands` (then `halt`) one at a time at its prompts: each command's cost.
 */
export function qemuCommands(args: readonly string[], commands: readonly string[], timeoutMs = 600_000): Promise<Cost[]> {
  return new Promise((resolve, reject) => {
    const child = spawn('qemu-system-riscv32', ['-machine', 'virt', '-nographic', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    const pid = child.pid!;
    const costs: Cost[] = [];
    let typed: { wallMs: number; cpuMs: number } | undefined;
    let next = 0;
    // At a prompt: close the command before it, then type the next one (the clock read first, settled).
    const prompt = async () => {
      const wallMs = performance.now();
      const cpuMs = await settledCpu(pid);
      if (typed !== undefined) costs.push({ wallMs: wallMs - typed.wallMs, cpuMs: cpuMs - typed.cpuMs });
      const line = next < commands.length ? commands[next++] : 'halt';
      typed = { wallMs: performance.now(), cpuMs };
      child.stdin.write(`${line}\n`);
      if (line === 'halt') child.stdin.end();
    };
    let chain = Promise.resolve();
    const watch = promptWatcher(() => (chain = chain.then(prompt)));
    child.stdout.on('data', (chunk: Buffer) => {
      for (const b of chunk) watch(b);
    });
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('latin1')).slice(-2000)));
    child.stdin.on('error', () => {}); // QEMU gone: 'close' says why
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => (clearTimeout(timer), reject(e)));
    child.on('close', async (code, signal) => {
      clearTimeout(timer);
      await chain;
      if (code !== 0) reject(new Error(`qemu-system-riscv32 ${args.join(' ')}: ${signal ?? `exit ${code}`} ${err.trim().slice(-300)}`));
      else if (costs.length < commands.length) reject(new Error(`qemu-system-riscv32: ${costs.length} of ${commands.length} commands ran`));
      else resolve(costs.slice(0, commands.length));
    });
  });
}
