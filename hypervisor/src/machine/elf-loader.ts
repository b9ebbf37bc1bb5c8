/**
 * Loading programs: ELF32 RISC-V executables (PT_LOAD segments, entry
 * point, symbols) and raw binaries at an address. Bad input — not an ELF,
 * a 64-bit or non-RISC-V ELF, segments outside RAM — is a `LoadError` with
 * a one-line message.
 */
import { isElfError, readElf } from '@pvlab/assembler';
import type { Bus } from './bus.js';
import { hex } from './hex.js';

export class LoadError extends Error {
  constructor(
    readonly code: 'not-elf' | 'not-rv32' | 'not-executable' | 'outside-ram' | 'empty' | 'overlap',
    message: string,
  ) {
    super(message);
  }
}

export interface LoadedProgram {
  readonly entry: number;
  /** Symbol name → address (functions and objects, for traces and HTIF). */
  readonly symbols: ReadonlyMap<string, number>;
  /** Sorted [address, name] pairs, for symbol+offset in traces. */
  readonly sortedSymbols: readonly (readonly [number, string])[];
  /** The RAM it occupies: [start, end) of each loaded segment (or of the binary). */
  readonly ranges: readonly (readonly [number, number])[];
}

/** What a program is loaded into: the board's bus, or a VM's guest-physical RAM. */
export type LoadTarget = Pick<Bus, 'ramBase' | 'ramSize' | 'u8' | 'isRam' | 'load' | 'written'>;

const EM_RISCV = 243;

/** Load an ELF32 RISC-V executable into RAM. */
export function loadElf(bus: LoadTarget, bytes: Uint8Array): LoadedProgram {
  if (bytes.length >= 5 && bytes[0] === 0x7f && bytes[1] === 0x45 && bytes[2] === 0x4c && bytes[3] === 0x46 && bytes[4] === 2) {
    throw new LoadError('not-rv32', 'this is a 64-bit ELF file; pvlab runs RV32 programs (build with -march=rv32ima -mabi=ilp32)');
  }
  let elf;
  try {
    elf = readElf(bytes);
  } catch (e) {
    if (isElfError(e)) throw new LoadError('not-elf', `not a loadable ELF file: ${e.message}`);
    throw e;
  }
  if (elf.header.machine !== EM_RISCV) throw new LoadError('not-rv32', `this ELF file is for machine ${elf.header.machine}, not RISC-V (243)`);
  if (elf.header.type !== 2) throw new LoadError('not-executable', 'this ELF file is not an executable (ET_EXEC): link it first');
  const loads = elf.segments.filter((s) => s.type === 1 && s.memsz > 0);
  if (loads.length === 0) throw new LoadError('empty', 'this ELF file has no loadable segments');
  for (const s of loads) {
    const addr = s.paddr;
    if (!bus.isRam(addr, s.memsz)) {
      throw new LoadError('outside-ram', `segment at ${hex(addr)} (${s.memsz} bytes) is outside RAM (${hex(bus.ramBase)}–${hex(bus.ramBase + bus.ramSize)}); give the machine more memory with --memory or link the program at 0x80000000`);
    }
    bus.u8.fill(0, addr - bus.ramBase, addr - bus.ramBase + s.memsz);
    bus.written(addr, s.memsz); // code decoded or compiled from these bytes is stale (bus.ts)
    bus.load(addr, bytes.subarray(s.offset, s.offset + s.filesz));
  }
  const symbols = new Map<string, number>();
  for (const y of elf.symbols) if (y.name && y.section !== 'undef' && y.type !== 'section' && y.type !== 'file') if (!symbols.has(y.name) || y.bind === 'global') symbols.set(y.name, y.value >>> 0);
  const sortedSymbols = [...symbols].map(([n, a]) => [a, n] as const).filter(([, n]) => !n.startsWith('$') && !n.startsWith('.L')).sort((a, b) => a[0] - b[0]);
  return { entry: elf.header.entry >>> 0, symbols, sortedSymbols, ranges: loads.map((s) => [s.paddr >>> 0, (s.paddr >>> 0) + s.memsz] as const) };
}

/** Load a raw binary at `addr` (default: the start of RAM). */
export function loadBinary(bus: LoadTarget, bytes: Uint8Array, addr = bus.ramBase): LoadedProgram {
  if (!bus.load(addr, bytes)) throw new LoadError('outside-ram', `${bytes.length} bytes at ${hex(addr)} do not fit in RAM`);
  return { entry: addr, symbols: new Map(), sortedSymbols: [], ranges: [[addr, addr + bytes.length]] };
}

/** `name+0x12` for an address, from sorted symbols. */
export function symbolize(sorted: readonly (readonly [number, string])[], addr: number): string | undefined {
  let lo = 0, hi = sorted.length - 1, best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid][0] <= addr) {
      best = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (best < 0) return undefined;
  const [a, n] = sorted[best];
  return a === addr ? n : `${n}+0x${(addr - a).toString(16)}`;
}
