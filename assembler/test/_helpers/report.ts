/**
 * Mismatch reports for the differential tests: the first differing address,
 * both words (raw and decoded with the ISA tables), the nearest symbol at or
 * below it and the source lines that follow that symbol's definition. The
 * address → line mapping is rough (symbol granularity), which is why the
 * random program puts a label every few lines.
 */
import { decode, OPERANDS, registerName } from '@pvlab/assembler';
import type { SourceFile } from './contract.js';
import { firstDifference, hex32, layoutSummary, type Image } from './image.js';

export interface NamedValue {
  readonly name: string;
  readonly value: number;
}

/** `0x00b50463 (beq a0, a1, 8)`, or just the hex when no row matches. */
export function describeWord(word: number | undefined): string {
  if (word === undefined) return '(nothing loaded)';
  const d = decode(word);
  if (!d) return hex32(word);
  const ops = d.spec.operands.map((name, i) => (OPERANDS[name].class === 'reg' ? registerName(d.values[i]) : String(d.values[i])));
  return `${hex32(word)} (${d.spec.name}${ops.length ? ` ${ops.join(', ')}` : ''})`;
}

/**
 * Where a symbol is defined: `file:line` and the source lines that follow,
 * enough to reach `offset` bytes past it at about four bytes a line.
 */
function sourceAt(symbol: string, files: readonly SourceFile[], offset: number): string | undefined {
  const context = Math.min(24, Math.floor(offset / 4) + 4);
  const escaped = symbol.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const definition = new RegExp(`(^|[\\s;])${escaped}:`);
  for (const file of files) {
    const lines = (file.text ?? '').split('\n');
    const at = lines.findIndex((l) => definition.test(l));
    if (at >= 0) {
      const shown = lines.slice(at, at + context).map((l, i) => `    ${String(at + i + 1).padStart(5)} | ${l}`);
      return `${file.path}:${at + 1}\n${shown.join('\n')}`;
    }
  }
  return undefined;
}

/** The symbol with the greatest value at or below `addr`. */
function nearestSymbol(addr: number, symbols: readonly NamedValue[]): NamedValue | undefined {
  let best: NamedValue | undefined;
  for (const s of symbols) {
    if (s.name.startsWith('$')) continue; // mapping symbols ($x, $d, $xrv32i…)
    const v = s.value >>> 0;
    if (v <= addr && (!best || v > best.value >>> 0 || (v === best.value >>> 0 && s.name < best.name))) best = s;
  }
  return best;
}

/**
 * Compare pvlab's image with GNU's; `undefined` when they agree, otherwise
 * a multi-line report of the first difference.
 */
export function compareImages(
  gnu: Image,
  pvlab: Image,
  files: readonly SourceFile[],
  symbols: readonly NamedValue[],
): string | undefined {
  const problems: string[] = [];
  const diff = firstDifference(gnu.sections, pvlab.sections);
  if (diff) {
    const near = nearestSymbol(diff.addr, symbols);
    problems.push(
      `first difference at ${hex32(diff.addr)}${diff.addr & 3 ? ` (in the word at ${hex32(diff.addr & ~3)})` : ''}:`,
      `  GNU   ${describeWord(diff.expectedWord)}`,
      `  pvlab ${describeWord(diff.actualWord)}`,
    );
    if (near) {
      const offset = diff.addr - (near.value >>> 0);
      const where = sourceAt(near.name, files, offset);
      problems.push(`  ${hex32(diff.addr)} = ${near.name} + 0x${offset.toString(16)}${where ? `, defined at ${where}` : ''}`);
    }
  }
  const layout = (i: Image) => layoutSummary(i.sections);
  if (layout(gnu) !== layout(pvlab)) problems.push(`loadable sections differ:\n  GNU   ${layout(gnu)}\n  pvlab ${layout(pvlab)}`);
  const bss = (i: Image) => i.nobits.map((s) => `${s.name}@${hex32(s.addr)}+${s.size.toString(16)}`).join(' ') || '(none)';
  if (bss(gnu) !== bss(pvlab)) problems.push(`sections without contents differ:\n  GNU   ${bss(gnu)}\n  pvlab ${bss(pvlab)}`);
  if (gnu.entry !== pvlab.entry) problems.push(`entry differs: GNU ${hex32(gnu.entry)}, pvlab ${hex32(pvlab.entry)}`);
  return problems.length ? problems.join('\n') : undefined;
}
