/**
 * A DWARF version 3 line-number program (`.debug_line`, DWARF 3 §6.2)
 * mapping instruction addresses to source file:line. One sequence per
 * contiguous run of rows; each ends with DW_LNE_end_sequence.
 *
 *   header: unit_length u32 | version u16 = 3 | header_length u32 |
 *           min_inst_length 1 | default_is_stmt 1 | line_base -5 |
 *           line_range 14 | opcode_base 13 | standard_opcode_lengths[12] |
 *           include_directories (strings, then 0) |
 *           file_names (name, dir uleb, mtime 0, length 0; then 0)
 */
import { ByteWriter } from './byte-writer.js';
import { sleb128, uleb128 } from './leb128.js';

/** One row: the code at `addr` (for `size` bytes, default 4) comes from `file:line`. */
export interface LineRow {
  readonly addr: number;
  readonly file: string;
  readonly line: number;
  /** Bytes of code this row covers; the next row must start right after to share a sequence. */
  readonly size?: number;
}

/** The header parameters GNU as uses on RISC-V. */
export const LINE_PROGRAM = {
  version: 3,
  minInstLength: 1,
  defaultIsStmt: 1,
  lineBase: -5,
  lineRange: 14,
  opcodeBase: 13,
  /** Operand counts of standard opcodes 1..12. */
  standardOpcodeLengths: [0, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 1],
} as const;

/** Standard and extended opcodes used here (DWARF 3 §7.21). */
const DW_LNS = { copy: 1, advancePc: 2, advanceLine: 3, setFile: 4 } as const;
const DW_LNE = { endSequence: 1, setAddress: 2 } as const;

/** Build `.debug_line` for `rows` (any order; sorted by address here). */
export function buildDebugLine(rows: readonly LineRow[]): Uint8Array {
  let inOrder = true;
  for (let i = 1; i < rows.length && inOrder; i++) inOrder = rows[i - 1].addr <= rows[i].addr;
  const sorted = inOrder ? rows : [...rows].sort((a, b) => a.addr - b.addr);
  const dirs: string[] = [];
  const files: { name: string; dir: number }[] = [];
  const fileIndex = new Map<string, number>();
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i];
    if (fileIndex.has(r.file)) continue;
    const slash = r.file.lastIndexOf('/');
    const dir = slash > 0 ? r.file.slice(0, slash) : slash === 0 ? '/' : '';
    let d = 0;
    if (dir) {
      if (!dirs.includes(dir)) dirs.push(dir);
      d = dirs.indexOf(dir) + 1;
    }
    files.push({ name: r.file.slice(slash + 1), dir: d });
    fileIndex.set(r.file, files.length);
  }

  const w = new ByteWriter();
  w.u32(0).u16(LINE_PROGRAM.version).u32(0);
  const headerStart = w.length;
  w.u8(LINE_PROGRAM.minInstLength).u8(LINE_PROGRAM.defaultIsStmt).u8(LINE_PROGRAM.lineBase & 0xff);
  w.u8(LINE_PROGRAM.lineRange).u8(LINE_PROGRAM.opcodeBase).bytes(LINE_PROGRAM.standardOpcodeLengths);
  for (const d of dirs) w.cstring(d);
  w.u8(0);
  for (const f of files) w.cstring(f.name).bytes(uleb128(f.dir)).u8(0).u8(0);
  w.u8(0);
  w.patchU32(6, w.length - headerStart);

  let i = 0;
  while (i < sorted.length) {
    i = writeSequence(w, sorted, i, fileIndex);
  }
  w.patchU32(0, w.length - 4);
  return w.finish();
}

// Emit rows from `start` while each begins where the previous one ends; return the next start.
function writeSequence(w: ByteWriter, rows: readonly LineRow[], start: number, fileIndex: Map<string, number>): number {
  let addr = rows[start].addr >>> 0;
  let line = 1;
  let file = 1;
  w.u8(0).bytes(uleb128(5)).u8(DW_LNE.setAddress).u32(addr);
  let i = start;
  for (;;) {
    const r = rows[i];
    const f = fileIndex.get(r.file)!;
    if (f !== file) w.u8(DW_LNS.setFile).bytes(uleb128((file = f)));
    emitRow(w, r.addr - addr, r.line - line);
    addr = r.addr;
    line = r.line;
    const end = r.addr + (r.size ?? 4);
    const next = rows[i + 1];
    i++;
    if (!next || next.addr !== end) {
      if (end !== addr) w.u8(DW_LNS.advancePc).bytes(uleb128(end - addr));
      w.u8(0).bytes(uleb128(1)).u8(DW_LNE.endSequence);
      return i;
    }
  }
}

// A special opcode when both deltas fit (DWARF 3 §6.2.5.1), else advance + copy.
function emitRow(w: ByteWriter, addrDelta: number, lineDelta: number): void {
  const { lineBase, lineRange, opcodeBase } = LINE_PROGRAM;
  const special = lineDelta - lineBase + lineRange * addrDelta + opcodeBase;
  if (lineDelta >= lineBase && lineDelta < lineBase + lineRange && addrDelta >= 0 && special <= 255) {
    w.u8(special);
    return;
  }
  if (addrDelta) w.u8(DW_LNS.advancePc).bytes(uleb128(addrDelta));
  if (lineDelta) w.u8(DW_LNS.advanceLine).bytes(sleb128(lineDelta));
  w.u8(DW_LNS.copy);
}
