/**
 * Board throughput on compiled C, against qemu-system-riscv32 on the same
 * ELFs in the same run:
 *   cpu-bench.elf   sieve, CRC-32, matrix multiply (1.5 billion instructions)
 *   core-bench.elf  CoreMark-like: list processing with a comparator through
 *                   a pointer, 16-bit matrices, a state machine (a switch),
 *                   CRC-16 a call per byte, memory loops (733 million)
 *   *.rvc.elf       the same sources built for RV32IMAC (compressed code,
 *                   gcc's default for RV32), the same instructions retired
 * cpu-bench runs with paging off (M-mode, physical), in S-mode under an Sv32
 * identity map, and interpreted only; the others with paging off. Each pvlab
 * figure is the best of two runs of a fresh board in this process: the second
 * finds the region functions V8 made for the first (jit/codegen.ts), so the
 * first, compiling included, is given too. Each QEMU figure is the best of
 * two processes less QEMU's own start-up (a program that exits at once), so
 * both count the program alone.
 * Its targets are in targets.ts (boardMips, boardSv32Mips, boardQemuSpeed).
 *
 * Reading QEMU's core-bench figures: core-bench's data shares the first
 * 4 KiB page with its code (about 1 KiB of it in the RV32IMAC build, 200
 * bytes in the RV32IM one), and QEMU's TCG takes stores into a page that
 * holds translated code as possibly self-modifying, which is slow for it:
 * measured here, core-bench.rvc.elf took QEMU 3.7 s of CPU, 0.5 s when
 * linked with its data on the next page. pvlab tracks code by 64-byte line.
 */
import { mkdtempSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assemble } from '@pvlab/assembler';
import { Machine, releaseBoard, useCompiler } from '@pvlab/hypervisor';
import { best, ms, qemuInstalled, timeHere, timeQemu, type Timed } from './timing.js';

const BENCH_DIR = new URL('../../hypervisor/test/machine/_programs/bench/', import.meta.url);
export const CPU_BENCH = new URL('cpu-bench.elf', BENCH_DIR);
export const CORE_BENCH = new URL('core-bench.elf', BENCH_DIR);
export const CPU_BENCH_RVC = new URL('cpu-bench.rvc.elf', BENCH_DIR);
export const CORE_BENCH_RVC = new URL('core-bench.rvc.elf', BENCH_DIR);

/**
 * Put the hart in S-mode with satp pointing at identity superpages (4 MiB
 * each, RWX, A and D set) for RAM and the devices, and PMP open — as a
 * kernel would before running this code, without changing its bytes.
 */
export function enterSv32Identity(m: Machine, entry: number): void {
  const { bus, hart } = m;
  const table = bus.ramBase + bus.ramSize - 4096; // last page of RAM
  const map = (va: number, flags: number) => bus.write(table + (va >>> 22) * 4, 4, (((va >>> 22) << 20) | flags) >>> 0);
  const RWX_AD = 0xcf, RW_AD = 0xc7;
  for (let a = bus.ramBase; a < bus.ramBase + bus.ramSize; a += 1 << 22) map(a, RWX_AD);
  for (const dev of [0x0010_0000, 0x0200_0000, 0x0c00_0000, 0x1000_0000]) map(dev, RW_AD);
  hart.pmp.writeAddr(0, 0xffffffff);
  hart.pmp.writeCfg(0, 0x1f); // NAPOT, RWX
  hart.pmpChanged();
  hart.setSatp((0x80000000 | ((table >>> 12) & 0x3fffff)) >>> 0);
  hart.setPriv(1);
  hart.pc = entry; // past the reset ROM, which is M-mode code
}

export interface Run extends Timed {
  readonly instructions: number;
}
export const mips = (r: Run) => r.instructions / ms(r) / 1000;

export interface ProgramBench {
  readonly name: string;
  readonly what: string;
  readonly instructions: number;
  readonly bare: Run;
  /** The first run with paging off: the first time this process runs the program, compiling included. */
  readonly first: Run;
  readonly sv32?: Run;
  readonly interpreted?: Run;
  /** QEMU running the same ELF, its start-up taken off. */
  readonly qemu?: Timed;
}

/** Run `elf` on a fresh board until the finisher; it must pass. */
function runOnce(elf: Uint8Array, paged: boolean): Run {
  let output = '';
  const m = new Machine({ output: (b) => (output += String.fromCharCode(b)) });
  const { entry } = m.loadElf(elf);
  if (paged) enterSv32Identity(m, entry);
  const t = timeHere(() => m.run(20e9));
  const r = t.result;
  if (r.stop !== 'finisher' || r.exitCode !== 0) throw new Error(`benchmark program failed (${r.stop}, code ${r.exitCode})${paged ? ' with paging' : ''}:\n${output}`);
  releaseBoard(m); // the next run's board takes this RAM: no new 128 MiB, no collection inside its timing
  return { instructions: r.instructions, wallMs: t.wallMs, cpuMs: t.cpuMs };
}

/** An ELF that stops QEMU at once: QEMU's start-up and shut-down, to take off its figures. */
function emptyElf(): string {
  const r = assemble([{ path: 'exit.s', text: '.globl _start\n_start:\n  li t0, 0x100000\n  li t1, 0x5555\n  sw t1, 0(t0)\n1: j 1b\n' }]);
  if (!r.ok) throw new Error(r.formatDiagnostics());
  const file = join(mkdtempSync(join(tmpdir(), 'pvlab-bench-')), 'exit.elf');
  writeFileSync(file, r.program!.elf({ debug: false }));
  return file;
}

function qemuTime(path: string, startup: Timed): Timed {
  const t = best(2, () => timeQemu(['-bios', 'none', '-kernel', path]));
  return { wallMs: Math.max(1, t.wallMs - startup.wallMs), cpuMs: Math.max(1, t.cpuMs - startup.cpuMs) };
}

export function benchMachine(repeat = 2): ProgramBench[] | undefined {
  if (!existsSync(CPU_BENCH)) return undefined;
  const withQemu = qemuInstalled();
  const startup = withQemu ? best(3, () => timeQemu(['-bios', 'none', '-kernel', emptyElf()])) : undefined;
  const out: ProgramBench[] = [];
  for (const [url, name, what, variants] of [
    [CPU_BENCH, 'cpu-bench.elf', 'sieve, CRC-32, matrix multiply', true],
    [CORE_BENCH, 'core-bench.elf', 'CoreMark-like: lists, matrices, state machine, CRC, memory', false],
    [CPU_BENCH_RVC, 'cpu-bench.rvc.elf', 'cpu-bench built for RV32IMAC: compressed code', false],
    [CORE_BENCH_RVC, 'core-bench.rvc.elf', 'core-bench built for RV32IMAC: compressed code', false],
  ] as const) {
    if (!existsSync(url)) continue;
    const elf = readFileSync(url);
    const first = runOnce(elf, false);
    const again = repeat > 1 ? best(repeat - 1, () => runOnce(elf, false)) : first;
    const bare = ms(again) < ms(first) ? again : first;
    let sv32: Run | undefined, interpreted: Run | undefined;
    if (variants) {
      sv32 = best(repeat, () => runOnce(elf, true));
      useCompiler(false);
      interpreted = runOnce(elf, false);
      useCompiler(true);
    }
    out.push({ name, what, instructions: bare.instructions, bare, first, sv32, interpreted, qemu: startup ? qemuTime(url.pathname, startup) : undefined });
  }
  return out;
}
