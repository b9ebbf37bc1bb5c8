/**
 * One sizing pass over the statement list (ldlang.c `lang_size_sections_1`):
 * assigns every output section its address and size, every input section
 * its address, and every script symbol its value. The driver repeats passes
 * until nothing moves, which is how ld resolves forward references.
 *
 * Output section address, when not given: the current address of its
 * region (`*default*` follows top-level `. =`), aligned to the largest
 * alignment of its inputs. With an explicit address only `ALIGN(n)` applies;
 * inputs are then aligned inside the section, leaving a gap at its start.
 */
import type { LinkDiagnostics, ScriptLocation } from './diagnostic.js';
import { absolute, evaluate, type EvalEnv, type SectionHandle, type Value } from './evaluate.js';
import { alignUp } from './expr-ops.js';
import type { AssertStatement, AssignStatement, Expr } from './layout-types.js';
import { LINK_MESSAGES } from './link-messages.js';
import { outputsOf, type OutputState, type TopItem } from './link-state.js';
import type { RegionState, Regions } from './regions.js';
import type { SymbolTable } from './script-symbols.js';
import { SEC, type InputSection } from './section-flags.js';

/** Everything a sizing pass reads and updates. */
export interface SizingState {
  readonly top: readonly TopItem[];
  readonly inputs: readonly InputSection[];
  /** Absolute address of each input section (-1 until placed). */
  readonly addresses: bigint[];
  readonly regions: Regions;
  readonly symbols: SymbolTable;
  readonly diags: LinkDiagnostics;
  pass: number;
  /** The last pass reports errors; earlier ones may see unsettled values. */
  final: boolean;
}

/** Run one sizing pass over the whole statement list. */
export function sizePass(st: SizingState): void {
  st.pass++;
  st.regions.reset();
  let dot = 0n;
  for (const item of st.top) {
    if (item.kind === 'output') dot = sizeOutput(st, item.os, dot);
    else if (item.kind === 'assert') checkAssert(st, item, env(st, dot, 'abs', item.loc));
    else if (item.target !== '.') assignSymbol(st, item, env(st, dot, 'abs', item.loc));
    else {
      const v = evaluate(item.expr, env(st, dot, 'abs', item.loc));
      if (!v) {
        report(st, LINK_MESSAGES.invalidDotAssignment(), item.loc);
        continue;
      }
      // outside sections `.` may move backwards; it also moves the default region
      dot = absolute(v);
      st.regions.defaultRegion.current = dot;
    }
  }
}

function sizeOutput(st: SizingState, os: OutputState, dot: bigint): bigint {
  const stmt = os.stmt;
  const top = env(st, dot, 'abs', stmt.loc);
  if (stmt.address) {
    const v = evaluate(stmt.address, top);
    if (v) dot = absolute(v);
    else report(st, LINK_MESSAGES.nonConstantAddress(os.name), stmt.loc);
  }
  if (!os.created) return dot;
  const attrPower = stmt.align ? powerOf(evaluate(stmt.align, top)) : 0;
  os.alignPower = Math.max(os.alignPower, attrPower);
  let region: RegionState;
  let start: bigint;
  let power: number;
  if (!stmt.address) {
    region = os.region !== undefined ? st.regions.lookup(os.region, stmt.loc) : st.regions.defaultRegion;
    if (region.isDefault && (os.flags & SEC.ALLOC) !== 0) region = st.regions.forFlags(os.flags);
    start = region.current;
    power = os.alignPower;
    if (st.final && region.isDefault && !os.ignored && st.regions.declared.length > 0 && (os.flags & (SEC.ALLOC | SEC.LOAD)) === (SEC.ALLOC | SEC.LOAD)) {
      st.diags.warning(LINK_MESSAGES.noRegionForSection(os.name, alignUp(start, 1n << BigInt(power))), stmt.loc);
    }
  } else {
    region = os.region !== undefined ? st.regions.lookup(os.region, stmt.loc) : st.regions.defaultRegion;
    start = dot;
    power = attrPower;
  }
  os.placedIn = region.isDefault ? undefined : region.name;
  os.vma = alignUp(start, 1n << BigInt(power));
  os.size = 0n;
  os.data = [];
  os.fills = [];
  sizeBody(st, os);
  // an excluded-and-ignored section leaves `.` and its region where they were
  if (os.ignored) return dot;
  dot = os.vma + os.size;
  if ((os.flags & (SEC.ALLOC | SEC.LOAD)) !== 0) {
    region.current = dot;
    if (st.final) st.regions.check(region, os.name, stmt.address !== undefined, os.vma, stmt.loc);
  }
  return dot;
}

function sizeBody(st: SizingState, os: OutputState): void {
  let d = os.vma;
  let fill = os.stmt.fill ? fillPattern(os.stmt.fill, evaluate(os.stmt.fill, env(st, d, 'abs', os.stmt.loc))) : undefined;
  const subalign = os.stmt.subalign ? powerOf(evaluate(os.stmt.subalign, env(st, d, 'abs', os.stmt.loc))) : undefined;
  const advance = (to: bigint) => {
    if (to > d && fill) os.fills.push({ offset: Number(d - os.vma), size: Number(to - d), pattern: fill });
    d = to;
    os.size = d - os.vma;
  };
  for (const item of os.body) {
    switch (item.kind) {
      case 'inputs':
        for (const i of item.indices) {
          const sec = st.inputs[i];
          const power = subalign ?? powerOf({ value: BigInt(Math.max(1, sec.align)), section: null });
          os.alignPower = Math.max(os.alignPower, power);
          advance(alignUp(d, 1n << BigInt(power)));
          st.addresses[i] = d;
          advance(d + BigInt(sec.size));
        }
        break;
      case 'assign': {
        const e = env(st, d, os, item.loc);
        if (item.target !== '.') {
          if (assignSymbol(st, item, e)) os.updateDot = true;
          break;
        }
        const v = evaluate(item.expr, e);
        if (!v) {
          report(st, LINK_MESSAGES.invalidDotAssignment(), item.loc);
          break;
        }
        // a plain number inside a section is an offset from the section start
        const next = v.value + (v.section === null ? os.vma : absolute({ value: 0n, section: v.section }));
        if (next < d) {
          report(st, LINK_MESSAGES.dotBackwards(d, next), item.loc);
          break;
        }
        // moving dot allocates space even in an otherwise empty section
        if (next !== d) os.flags |= SEC.ALLOC;
        advance(next);
        break;
      }
      case 'data': {
        const v = evaluate(item.expr, env(st, d, 'abs', item.loc));
        os.data.push({ offset: Number(d - os.vma), size: item.size, value: v ? absolute(v) : 0n });
        d += BigInt(item.size);
        os.size = d - os.vma;
        break;
      }
      case 'fill':
        fill = fillPattern(item.expr, evaluate(item.expr, env(st, d, 'abs', item.loc)));
        break;
      case 'assert':
        checkAssert(st, item, env(st, d, os, item.loc));
        break;
    }
  }
}

// Returns whether the symbol was (re)defined.
function assignSymbol(st: SizingState, a: AssignStatement, e: EvalEnv): boolean {
  const existing = st.symbols.script.get(a.target);
  // PROVIDE yields to a definition in the program or a plain one in the script
  if (a.provide && (st.symbols.programDefines(a.target) || (existing && !existing.provided))) return false;
  let v: Value | undefined = evaluate(a.expr, e);
  if (!v) {
    // ld fakes a zero for a first, not yet resolvable definition
    if (existing) return true;
    v = { value: 0n, section: null };
  }
  const section = v.section ?? e.section;
  st.symbols.define(a.target, { value: v.value, section }, st.pass, {
    provided: a.provide === true, hidden: a.hidden === true, ...(a.loc ? { loc: a.loc } : {}),
  });
  return true;
}

function checkAssert(st: SizingState, a: AssertStatement, e: EvalEnv): void {
  if (!st.final) return;
  const v = evaluate(a.expr, e);
  if (v && v.value === 0n) st.diags.error(LINK_MESSAGES.assertionFailed(a.message), a.loc);
}

function env(st: SizingState, dot: bigint, section: 'abs' | SectionHandle, loc: ScriptLocation | undefined): EvalEnv {
  return {
    dot,
    section,
    lookupSymbol: (n) => st.symbols.lookup(n),
    isDefined: (n) => st.symbols.isDefined(n, st.pass),
    findSection: (n) => outputsOf(st.top).find((o) => o.name === n),
    findRegion: (n) => st.regions.byName.get(n),
    report: (m) => report(st, m, loc),
  };
}

function report(st: SizingState, message: string, loc: ScriptLocation | undefined): void {
  if (st.final) st.diags.error(message, loc);
}

// ld's exp_get_power: the smallest n with 2^n >= value.
function powerOf(v: Value | undefined): number {
  if (!v || v.value <= 1n) return 0;
  return (v.value - 1n).toString(2).length;
}

// ld's exp_get_fill: a `0x...` literal keeps its digits (any length),
// anything else is the low four bytes; big-endian either way.
function fillPattern(expr: Expr, v: Value | undefined): number[] | undefined {
  if (!v) return undefined;
  let bytes: number[];
  if (expr.kind === 'number' && expr.hex !== undefined) {
    const hex = expr.hex.length % 2 ? `0${expr.hex}` : expr.hex;
    bytes = hex.match(/../g)!.map((h) => parseInt(h, 16));
  } else {
    const x = Number(v.value & 0xffffffffn);
    bytes = [x >>> 24, (x >>> 16) & 0xff, (x >>> 8) & 0xff, x & 0xff];
  }
  return bytes.some((b) => b !== 0) ? bytes : undefined;
}
