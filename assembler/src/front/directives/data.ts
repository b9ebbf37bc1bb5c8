/**
 * Data directives: integers of 1–8 bytes, strings, zeroed and filled space,
 * and alignment.
 *
 * In a NOBITS section (`.bss`, `.sbss`, `.tbss`, `@nobits`) only zeros may
 * go, as GNU as 2.40 decides it (read.c): a zero value, an empty or all-NUL
 * string, `.zero`/`.space` are accepted; a non-zero (or not yet known) value
 * is an error, a non-zero `.fill` value an error, and a non-zero fill byte
 * of `.space`/`.skip` or an alignment is ignored with a warning.
 */
import type { Expr } from '../../parse/ast.js';
import type { FileAssembler } from '../file-assembler.js';
import type { FixupKind } from '../sections.js';
import { isFailure } from '../evaluate.js';
import { low32, toNumber } from '../values.js';
import { stringBytes } from '../../parse/operand-parser.js';
import { hasExtension } from '../../isa/arch.js';
import { arity, exprList, splitTokens, type DirectiveCall, type DirectiveHandler } from './call.js';

const FIXUP: Record<number, FixupKind> = { 1: 'data8', 2: 'data16', 4: 'data32', 8: 'data64' };

/** `.word a, b, …` and friends: each expression, little-endian, `size` bytes. */
function integers(size: number): DirectiveHandler {
  return (fa, call) => {
    const exprs = exprList(fa, call);
    if (!exprs) return;
    for (const e of exprs) emitInteger(fa, e, size);
  };
}

export function emitInteger(fa: FileAssembler, e: Expr, size: number): void {
  const r = fa.evalNow(e);
  if (fa.section.nobits && (isFailure(r) || r.base !== undefined || toNumber(r.v) !== 0)) {
    if (isFailure(r) && 'error' in r) fa.error(r.error, r.col);
    else fa.error(nonZeroInNobits(fa), e.col);
    fa.emitNumber(0, size);
    return;
  }
  if (!isFailure(r) && r.base === undefined) {
    const n = toNumber(r.v);
    if (size < 8 && (n >= 2 ** (8 * size) || n < -(2 ** (8 * size - 1)))) {
      fa.warning(`value 0x${BigInt.asUintN(64, BigInt(r.v)).toString(16)} truncated to 0x${BigInt.asUintN(8 * size, BigInt(r.v)).toString(16)}`, e.col);
    }
    fa.emitNumber(r.v, size);
    return;
  }
  if (isFailure(r) && 'error' in r) {
    fa.error(r.error, r.col);
    fa.emitNumber(0, size);
    return;
  }
  fa.addFixup(FIXUP[size], e, size);
}

function strings(zeroTerminated: boolean): DirectiveHandler {
  return (fa, call) => {
    for (const t of call.tokens) {
      if (t.type === ',') continue;
      if (t.type !== 'string') {
        fa.error(`${call.name} takes strings in double quotes`, t.col);
        return;
      }
      const bytes = stringBytes(t.text);
      // GNU as reports each non-NUL character; one error per string says the same.
      if (fa.section.nobits && bytes.some((b) => b !== 0)) fa.error(`attempt to store non-empty string in section '${fa.section.name}'`, t.col);
      fa.emitBytes(bytes);
      if (zeroTerminated) fa.emitBytes([0]);
    }
  };
}

/** `.space n[, fill]`, `.skip`, `.zero n`. */
const space: DirectiveHandler = (fa, call) => {
  const exprs = exprList(fa, call);
  if (!exprs || !arity(fa, call, exprs.length, 1, call.name === '.zero' ? 1 : 2)) return;
  const fill = exprs[1] ? fa.absolute(exprs[1], 'the fill value') : 0;
  if (fill === undefined) return;
  emitSpace(fa, call, exprs[0], 1, nobitsFill(fa, toNumber(fill) & 0xff, call.headCol));
};

/** The fill byte to use: in a NOBITS section a non-zero one is ignored, with GNU's warning. */
function nobitsFill(fa: FileAssembler, fill: number, col: number): number {
  if (fill === 0 || !fa.section.nobits) return fill;
  fa.warning(`ignoring fill value in section '${fa.section.name}'`, col);
  return 0;
}

const nonZeroInNobits = (fa: FileAssembler): string => `attempt to store non-zero value in section '${fa.section.name}'`;

function emitSpace(fa: FileAssembler, call: DirectiveCall, count: Expr, unit: number, fill: number): void {
  const r = fa.evalNow(count);
  if (!isFailure(r) && r.base === undefined) {
    const n = toNumber(r.v);
    if (n < 0) return fa.error(`${call.name} count is negative (${n})`, count.col);
    fa.emitBytes(new Uint8Array(n * unit).fill(fill));
    return;
  }
  if (isFailure(r) && 'error' in r) return fa.error(r.error, r.col);
  fa.addFrag({ k: 'space', count: fa.capture(count), fill, unit, at: { ...fa.at, column: count.col + 1 }, size: 0, offset: 0 });
}

/** `.fill repeat[, size[, value]]`: repeat copies of a size-byte value. */
const fill: DirectiveHandler = (fa, call) => {
  const exprs = exprList(fa, call);
  if (!exprs || !arity(fa, call, exprs.length, 1, 3)) return;
  const repeat = fa.absolute(exprs[0], 'the repeat count');
  const size = exprs[1] ? fa.absolute(exprs[1], 'the size') : 1;
  const value = exprs[2] ? fa.absolute(exprs[2], 'the value') : 0;
  if (repeat === undefined || size === undefined || value === undefined) return;
  const n = toNumber(repeat), sz = Math.min(toNumber(size), 8);
  if (n < 0) return fa.error(`.fill repeat count is negative (${n})`, exprs[0].col);
  if (sz < 0) return fa.error('.fill size is negative', exprs[1].col);
  if (fa.section.nobits && n > 0 && sz > 0 && toNumber(value) !== 0) {
    return fa.error(`attempt to fill section '${fa.section.name}' with non-zero value`, exprs[2].col);
  }
  // GNU as stores at most 4 bytes of the value; the rest of each copy is zero.
  for (let i = 0; i < n; i++) {
    fa.emitNumber(sz > 4 ? low32(value) : value, Math.min(sz, 4));
    if (sz > 4) fa.emitNumber(0, sz - 4);
  }
};

/**
 * Alignment. On RISC-V, `.align n` means 2^n bytes like `.p2align`; `.balign`
 * takes a byte count. In code, padding is `nop`s (zeros first up to a 4-byte
 * boundary), as tc-riscv.c `riscv_handle_align` does.
 */
function align(kind: 'p2' | 'bytes'): DirectiveHandler {
  return (fa, call) => {
    // Operands may be empty (`.p2align 5,,4`): parse each one on its own.
    const parts = splitTokens(call.tokens);
    if (!arity(fa, call, parts.length, 1, 3)) return;
    const exprs: (Expr | undefined)[] = [];
    for (const p of parts) {
      if (p.length === 0) {
        exprs.push(undefined);
        continue;
      }
      const e = exprList(fa, { ...call, tokens: p });
      if (!e || e.length !== 1) return;
      exprs.push(e[0]);
    }
    if (!exprs[0]) return fa.error(`${call.name} needs an alignment`, call.col);
    const n = fa.absolute(exprs[0], 'the alignment');
    if (n === undefined) return;
    let alignment = kind === 'p2' ? 2 ** toNumber(n) : toNumber(n);
    if (kind === 'bytes' && (alignment <= 0 || (alignment & (alignment - 1)) !== 0)) {
      if (alignment === 0) alignment = 1;
      else return fa.error(`alignment ${alignment} is not a power of 2`, exprs[0].col);
    }
    if (alignment > 2 ** 16 * 16) return fa.error(`alignment too large: ${alignment}`, exprs[0].col);
    const hasFill = exprs[1] !== undefined;
    const fillValue = exprs[1] ? fa.absolute(exprs[1], 'the fill value') : 0;
    const max = exprs[2] ? fa.absolute(exprs[2], 'the maximum skip') : undefined;
    if (fillValue === undefined || (exprs[2] && max === undefined)) return;
    const fill = nobitsFill(fa, toNumber(fillValue) & 0xff, call.headCol);
    fa.section.align = Math.max(fa.section.align, alignment);
    const code = fa.section.flags.exec && !hasFill;
    // Code is already aligned to its instruction size (4 bytes, 2 with the C
    // extension), so GNU as only records smaller alignments there
    // (tc-riscv.c riscv_frag_align_code).
    if (code && alignment <= (hasExtension(fa.arch, 'c') ? 2 : 4)) return;
    fa.addFrag({ k: 'align', alignment, fill, fillSize: 1, maxSkip: max === undefined ? Infinity : toNumber(max), code, size: 0, offset: 0 });
  };
}

export const DATA_DIRECTIVES: Record<string, DirectiveHandler> = {
  '.byte': integers(1),
  '.half': integers(2), '.short': integers(2), '.2byte': integers(2),
  '.word': integers(4), '.long': integers(4), '.4byte': integers(4), '.int': integers(4),
  '.dword': integers(8), '.8byte': integers(8), '.quad': integers(8),
  '.ascii': strings(false), '.asciz': strings(true), '.string': strings(true),
  '.zero': space, '.space': space, '.skip': space,
  '.fill': fill,
  '.align': align('p2'), '.p2align': align('p2'), '.balign': align('bytes'),
};
