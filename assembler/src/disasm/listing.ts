/**
 * A whole image to an objdump listing: the lines `objdump -d` prints after
 * `Disassembly of section .text:`, byte for byte (binutils 2.40,
 * objdump.c disassemble_section/disassemble_bytes with riscv-dis.c):
 *
 *   (blank)
 *   80000000 <_start>:
 *   80000000:	00100513          	li	a0,1
 *   80000004:	0001                	.2byte	0x1
 *   	...
 *
 * - a `<label>:` block starts at every label; an instruction may not cross
 *   into the next block (objdump then reports the address out of bounds and
 *   moves on 5 bytes, the EIO it got back as a length);
 * - the instruction length comes from the low bits of the first 16-bit
 *   parcel (16, 32, 48, 64, 80..176 bits); 32-bit words decode, 16-bit
 *   parcels too when the object has the C extension (`rvc`), the others
 *   print as `.2byte`, `.8byte` or a `.byte` list;
 * - `$d` mapping symbols switch to data (`.word`, `.short`, `.byte`);
 * - a run of 8 or more zero bytes, or of 1–2 at a block's end, prints `\t...`.
 */
import { AddressTracker } from './operand-printers.js';
import { disassembleCompressed, disassembleWord, type DisassembleOptions } from './disassemble.js';
import { ImageSymbols, type ImageSymbol } from './symbols.js';

/** How to list an image. */
export interface ImageOptions extends DisassembleOptions {
  /** The image's symbols: labels, mapping symbols, `__global_pointer$`. */
  readonly symbols?: readonly ImageSymbol[];
  /** The section name objdump shows in the first header when there are no symbols; default `.text`. */
  readonly sectionName?: string;
  /**
   * Decode 16-bit parcels as compressed instructions: objdump does when the
   * object's architecture (its `Tag_RISCV_arch`) has the C extension, and
   * prints them as `.2byte` otherwise. Default false.
   */
  readonly rvc?: boolean;
}

const hex = (n: number, width = 0): string => n.toString(16).padStart(width, '0');

/** objdump's instruction length for a first 16-bit parcel (riscv_insn_length). */
export function instructionLength(parcel: number): number {
  if ((parcel & 0x3) !== 0x3) return 2;
  if ((parcel & 0x1f) !== 0x1f) return 4;
  if ((parcel & 0x3f) === 0x1f) return 6;
  if ((parcel & 0x7f) === 0x3f) return 8;
  if ((parcel & 0x7f) === 0x7f && (parcel & 0x7000) !== 0x7000) return 10 + ((parcel >> 11) & 0xe);
  return 2; // longer encodings are reserved; objdump steps over a parcel
}

/** Little-endian value of `len` bytes at `at`, as a hex string without leading zeros. */
function leHex(bytes: Uint8Array, at: number, len: number): string {
  let s = '';
  for (let i = len - 1; i >= 0; i--) s += hex(bytes[at + i], 2);
  return s.replace(/^0+(?=.)/, '');
}

/** The raw-bytes column: `chunk`-byte little-endian groups, padded to `perLine` bytes. */
function rawColumn(bytes: Uint8Array, at: number, len: number, chunk: number, perLine: number): { first: string; rest: string[] } {
  const group = (from: number, to: number): string => {
    let s = '';
    for (let j = from; j < to; j += chunk) s += leHex(bytes, at + j, chunk).padStart(2 * chunk, '0') + ' ';
    return s;
  };
  const shown = Math.min(len, perLine);
  let first = group(0, shown);
  for (let pb = shown; pb < perLine; pb += chunk) first += ' '.repeat(2 * chunk + 1);
  const rest: string[] = [];
  for (let pb = shown; pb < len; pb += perLine) rest.push(group(pb, Math.min(len, pb + perLine)));
  return { first, rest };
}

/** Text for a non-32-bit or undecodable parcel sequence, as riscv-dis.c prints it. */
function unknownText(bytes: Uint8Array, at: number, len: number): string {
  if (len === 2 || len === 8) return `.${len}byte\t0x${leHex(bytes, at, len)}`;
  return `.byte\t${Array.from(bytes.subarray(at, at + len), (b) => `0x${hex(b, 2)}`).join(', ')}`;
}

const DATA_DIRECTIVES: Record<number, string> = { 1: '.byte', 2: '.short', 4: '.word' };

/**
 * List `bytes`, loaded at `baseAddr`, as `objdump -d` does for a section
 * holding them (`-M no-aliases` with `aliases: false`). Returns the lines
 * objdump prints after its `Disassembly of section` line: a blank line and a
 * `<label>:` header before each block, then `addr:\traw bytes\tinstruction`.
 * Labels come from `symbols` (or `symbolize` for operands, if given); the
 * `__global_pointer$` symbol enables objdump's gp-relative annotations.
 */
export function disassembleImage(bytes: Uint8Array, baseAddr: number, options: ImageOptions = {}): string[] {
  const base = baseAddr >>> 0;
  const end = base + bytes.length;
  const table = new ImageSymbols(options.symbols ?? []);
  const word: DisassembleOptions = {
    ...options,
    symbolize: options.symbolize ?? (table.labels.length ? (a) => table.describe(a) : undefined),
    tracker: options.tracker ?? new AddressTracker(table.valueOf('__global_pointer$')),
  };

  // Address column: as wide as the end address needs, in steps of 4 digits.
  let skip = /^0*/.exec(hex(end >>> 0, 8))![0].length;
  if (skip === 8 && base !== 0) skip = 0;
  if (skip !== 0) skip = (skip - 1) & ~3;
  const addrText = (a: number): string => {
    const s = hex(a >>> 0, 8).slice(skip);
    return s.replace(/^0+(?=.)/, (z) => ' '.repeat(z.length));
  };

  const lines: string[] = [];
  const starts = [base, ...table.boundaries(base, end)];
  starts.forEach((start, k) => {
    const stop = k + 1 < starts.length ? starts[k + 1] : end;
    lines.push('', `${hex(start, 8)} <${table.describe(start) ?? options.sectionName ?? '.text'}>:`);
    let addr = start;
    // objdump's octets_per_line: 4 at a block's start, then what the last item set.
    let perLine = 4;
    const line = (len: number, chunk: number, per: number, text: string): void => {
      const at = addr - base;
      const { first, rest } = rawColumn(bytes, at, len, chunk, per);
      lines.push(`${addrText(addr)}:\t${first}\t${text}`);
      rest.forEach((r, i) => lines.push(`${addrText(addr + (i + 1) * per)}:\t${r}`));
      addr += len;
      perLine = per;
    };
    // A read past the block: objdump prints what it has of the 5 bytes its
    // EIO return claims, the error, and moves on 5 bytes.
    const outOfBounds = (chunk: number): void => {
      const EIO = 5;
      const group = (from: number, to: number): string => {
        let s = '';
        for (let j = from; j < to; j += chunk) {
          s += (addr + j + chunk <= stop ? leHex(bytes, addr - base + j, chunk).padStart(2 * chunk, '0') : '') + ' ';
        }
        return s;
      };
      const shown = Math.min(EIO, perLine);
      let first = group(0, shown);
      for (let pb = shown; pb < perLine; pb += chunk) first += ' '.repeat(2 * chunk + 1);
      lines.push(`${addrText(addr)}:\t${first}\tAddress 0x${hex(addr >>> 0)} is out of bounds.`, '');
      for (let pb = shown; pb < EIO; pb += perLine) lines.push(`${addrText(addr + pb)}:\t${group(pb, Math.min(EIO, pb + perLine))}`);
      addr += EIO;
    };
    while (addr < stop) {
      let z = addr;
      while (z < stop && bytes[z - base] === 0) z++;
      const run = z - addr;
      if (run >= 8 || (z === stop && run > 0 && run < 3)) {
        lines.push('\t...');
        addr += z === stop ? run : run & ~3;
        continue;
      }
      if (table.stateAt(addr) === 'data') {
        const next = table.nextMapping(addr);
        let len = Math.min(4, next !== undefined ? next - addr : end - addr);
        if (len === 3) len = 2;
        if (addr + len > stop) outOfBounds(len);
        else line(len, len, len === 1 ? 6 : 8, `${DATA_DIRECTIVES[len]}\t0x${leHex(bytes, addr - base, len).padStart(2 * len, '0')}`);
        continue;
      }
      if (stop - addr < 2) { outOfBounds(1); continue; }
      const at = addr - base;
      const len = instructionLength(bytes[at] | (bytes[at + 1] << 8));
      if (stop - addr < len) { outOfBounds(1); continue; }
      const text = len === 4
        ? disassembleWord((bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0, addr, word).text
        : len === 2 && options.rvc ? disassembleCompressed(bytes[at] | (bytes[at + 1] << 8), addr, word).text : unknownText(bytes, at, len);
      line(len, len % 4 === 0 ? 4 : 2, 8, text);
    }
  });
  return lines;
}
