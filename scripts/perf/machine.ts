/**
 * Board throughput: a CPU-bound RV32IM program, run by the interpreter with
 * paging off (M-mode, physical) and on (the same program in S-mode under an
 * Sv32 identity map), against qemu-system-riscv32 on the same ELF.
 * Its targets are in targets.ts (boardMips, pagedShare).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { Machine, useBlocks } from '@pvlab/hypervisor';

export const CPU_BENCH = new URL('../../hypervisor/test/machine/_programs/bench/cpu-bench.elf', import.meta.url);

/**
 * Put the hart in S-mode with satp pointing at identity superpages (4 MiB
 * each, RWX, A and D set) for RAM and the devices, and PMP open — as a
 * kernel would before running this code, without changing its bytes.
 */
export function enterSv32Identity(m: Machine): void {
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
}

export interface MachineBench {
  program: string;
  instructions: number;
  bareMs: number;
  bareMips: number;
  interpMs: number;
  interpMips: number;
  pagedMs: number;
  pagedMips: number;
  qemuMs?: number;
}

function timeRun(elf: Uint8Array, paged: boolean): { ms: number; instructions: number; output: string } {
  let output = '';
  const m = new Machine({ output: (b) => (output += String.fromCharCode(b)) });
  m.loadElf(elf);
  if (paged) enterSv32Identity(m);
  const t0 = performance.now();
  const r = m.run(20e9);
  const ms = performance.now() - t0;
  if (r.stop !== 'finisher' || r.exitCode !== 0) throw new Error(`benchmark program failed (${r.stop}, code ${r.exitCode}) ${paged ? 'with paging' : ''}:\n${output}`);
  return { ms, instructions: r.instructions, output };
}

export function benchMachine(repeat = 2): MachineBench | undefined {
  if (!existsSync(CPU_BENCH)) return undefined;
  const elf = readFileSync(CPU_BENCH);
  const best = (paged: boolean, blocks = true) => {
    useBlocks(blocks);
    let b = { ms: Infinity, instructions: 0 };
    for (let i = 0; i < repeat; i++) {
      const r = timeRun(elf, paged);
      if (r.ms < b.ms) b = r;
    }
    return b;
  };
  const bare = best(false);
  const interp = best(false, false);
  const paged = best(true);
  useBlocks(true);
  const result: MachineBench = {
    program: 'cpu-bench.elf (sieve, CRC32, matrix multiply)',
    instructions: bare.instructions,
    bareMs: bare.ms,
    bareMips: bare.instructions / bare.ms / 1000,
    interpMs: interp.ms,
    interpMips: interp.instructions / interp.ms / 1000,
    pagedMs: paged.ms,
    pagedMips: paged.instructions / paged.ms / 1000,
  };
  try {
    const t0 = performance.now();
    execFileSync('qemu-system-riscv32', ['-machine', 'virt', '-bios', 'none', '-nographic', '-kernel', CPU_BENCH.pathname], { stdio: 'ignore', timeout: 120_000 });
    result.qemuMs = performance.now() - t0;
  } catch {
    // QEMU absent: no comparison
  }
  return result;
}
