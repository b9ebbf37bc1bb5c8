/**
 * A minimal `.debug_info` / `.debug_abbrev` pair: one DWARF 3 compile unit
 * pointing at the line table. Tools that map addresses to lines (objdump -l,
 * addr2line) find the line program through a compile unit, so `.debug_line`
 * alone is not enough. Strings are inline (DW_FORM_string): no `.debug_str`.
 */
import { ByteWriter } from './byte-writer.js';
import { buildDebugLine, type LineRow } from './dwarf-line.js';
import { uleb128 } from './leb128.js';

/** DWARF 3 constants used (§7.5). */
const DW = {
  TAG_compile_unit: 0x11,
  CHILDREN_no: 0,
  AT_stmt_list: 0x10,
  AT_low_pc: 0x11,
  AT_high_pc: 0x12,
  AT_name: 0x03,
  AT_comp_dir: 0x1b,
  AT_producer: 0x25,
  AT_language: 0x13,
  FORM_addr: 0x01,
  FORM_data2: 0x05,
  FORM_data4: 0x06,
  FORM_string: 0x08,
  /** What GNU as records for assembly sources. */
  LANG_Mips_Assembler: 0x8001,
} as const;

/** What the compile unit says about the program. */
export interface CompileUnitInfo {
  /** The main source file's name. */
  readonly name: string;
  /** The directory relative file names are relative to. */
  readonly compDir: string;
  readonly producer?: string;
  readonly lowPc: number;
  readonly highPc: number;
}

/** `.debug_info` and `.debug_abbrev` for one compile unit whose line table is at offset 0. */
export function buildDebugInfo(cu: CompileUnitInfo): { info: Uint8Array; abbrev: Uint8Array } {
  const attrs: readonly (readonly [number, number])[] = [
    [DW.AT_stmt_list, DW.FORM_data4], [DW.AT_low_pc, DW.FORM_addr], [DW.AT_high_pc, DW.FORM_addr],
    [DW.AT_name, DW.FORM_string], [DW.AT_comp_dir, DW.FORM_string], [DW.AT_producer, DW.FORM_string],
    [DW.AT_language, DW.FORM_data2],
  ];
  const abbrev = new ByteWriter().bytes(uleb128(1)).bytes(uleb128(DW.TAG_compile_unit)).u8(DW.CHILDREN_no);
  for (const [at, form] of attrs) abbrev.bytes(uleb128(at)).bytes(uleb128(form));
  abbrev.u8(0).u8(0).u8(0);

  const info = new ByteWriter().u32(0).u16(3).u32(0).u8(4);
  info.bytes(uleb128(1)).u32(0).u32(cu.lowPc >>> 0).u32(cu.highPc >>> 0);
  info.cstring(cu.name).cstring(cu.compDir).cstring(cu.producer ?? 'pvlab assembler').u16(DW.LANG_Mips_Assembler);
  info.patchU32(0, info.length - 4);
  return { info: info.finish(), abbrev: abbrev.finish() };
}

/** The three debug sections for a set of line rows, ready for `ElfImage`. */
export function buildLineDebugSections(
  rows: readonly LineRow[],
  unit: { readonly name?: string; readonly compDir: string; readonly producer?: string },
): { debugLine: Uint8Array; debugInfo: Uint8Array; debugAbbrev: Uint8Array } {
  // A loop, not Math.min(...rows): a spread of 100,000 arguments is slow, and of a few more a RangeError.
  let lowPc = rows.length ? Infinity : 0;
  let highPc = rows.length ? -Infinity : 0;
  for (let i = 0; i < rows.length; i++) {
    lowPc = Math.min(lowPc, rows[i].addr);
    highPc = Math.max(highPc, rows[i].addr + (rows[i].size ?? 4));
  }
  const { info, abbrev } = buildDebugInfo({ name: unit.name ?? rows[0]?.file ?? '', compDir: unit.compDir, lowPc, highPc, ...(unit.producer ? { producer: unit.producer } : {}) });
  return { debugLine: buildDebugLine(rows), debugInfo: info, debugAbbrev: abbrev };
}
