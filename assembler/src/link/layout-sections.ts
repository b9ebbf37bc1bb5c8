/**
 * `layoutSections`: GNU ld's section placement for a set of input sections
 * and a layout. Steps, as in ld's `lang_process`:
 *
 *   1. match inputs to statements (input-matching.ts)
 *   2. place orphans (orphans.ts)
 *   3. size once, then drop empty output sections (ld's
 *      `strip_excluded_output_sections`)
 *   4. size again until addresses and symbols stop moving, then a final
 *      pass that reports errors
 */
import { LinkDiagnostics, type LinkDiagnostic } from './diagnostic.js';
import type { Layout } from './layout-types.js';
import { LINK_MESSAGES } from './link-messages.js';
import { mapInputs } from './input-matching.js';
import { outputsOf, type DataValue, type FillRun, type OutputState } from './link-state.js';
import { placeOrphans } from './orphans.js';
import { Regions } from './regions.js';
import { SymbolTable, type ProgramSymbol } from './script-symbols.js';
import { SEC, permissionsOf, type InputSection, type SectionPermissions } from './section-flags.js';
import { sizePass, type SizingState } from './size-sections.js';

/** An output section as laid out. */
export interface OutputSection {
  readonly name: string;
  readonly addr: number;
  readonly size: number;
  /** Alignment in bytes, as ld records it in sh_addralign. */
  readonly align: number;
  readonly flags: SectionPermissions;
  /** SHT_NOBITS: no input had contents (or the section is NOLOAD). */
  readonly nobits: boolean;
  /** Indices of the input sections placed here, in address order. */
  readonly inputs: readonly number[];
  /** BYTE/SHORT/LONG/QUAD values (little-endian in the output). */
  readonly data: readonly DataValue[];
  /** Padding with a non-zero FILL pattern. */
  readonly fills: readonly FillRun[];
  /**
   * The MEMORY region it was placed in (undefined: none). GNU ld never puts
   * sections of different regions in one segment; pass it on to the ELF writer.
   */
  readonly region?: string;
}

/** A symbol the script assigned. */
export interface ScriptSymbol {
  readonly name: string;
  readonly value: number;
  /** The output section it is relative to, or `abs`. */
  readonly section: string;
  /** Came from PROVIDE: only to be emitted if the program references it. */
  readonly provided: boolean;
  readonly hidden: boolean;
}

/** Options of `layoutSections`. */
export interface LayoutOptions {
  /**
   * Symbols the program defines, for script expressions such as
   * `. = _start + 0x100` and for PROVIDE and DEFINED().
   */
  readonly resolveSymbol?: (name: string) => ProgramSymbol | undefined;
}

/** The result of `layoutSections`. */
export interface LayoutResult {
  readonly outputs: readonly OutputSection[];
  /** Address of each input section (same index as the inputs), -1 if discarded. */
  readonly placements: readonly number[];
  /** Script-defined symbol values (these override program definitions, as in ld). */
  readonly symbols: Map<string, number>;
  readonly scriptSymbols: readonly ScriptSymbol[];
  readonly entry?: string | number;
  readonly diagnostics: readonly LinkDiagnostic[];
}

const MAX_PASSES = 12;
const u32 = (v: bigint) => Number(v & 0xffffffffn);

/** Lay out `inputs` according to `layout`. Never throws on bad input; see `diagnostics`. */
export function layoutSections(inputs: readonly InputSection[], layout: Layout, options: LayoutOptions = {}): LayoutResult {
  const diags = new LinkDiagnostics();
  const mapping = mapInputs(layout, inputs);
  placeOrphans(mapping, inputs);
  const addresses = inputs.map(() => -1n);
  const owner = mapping.owner;
  const symbols = new SymbolTable(options.resolveSymbol, (i) => {
    const o = owner[i];
    if (o === undefined || o === 'discard') return undefined;
    return { os: o, address: addresses[i] < 0n ? o.vma : addresses[i] };
  });
  const regionEnv = {
    dot: 0n, section: 'abs' as const, lookupSymbol: (n: string) => symbols.lookup(n), isDefined: (n: string) => symbols.programDefines(n),
    findSection: () => undefined, findRegion: () => undefined, report: (m: string) => diags.error(m, undefined),
  };
  const regions = new Regions(layout, regionEnv, diags);
  const st: SizingState = { top: mapping.top, inputs, addresses, regions, symbols, diags, pass: 0, final: false };
  const outputs = outputsOf(mapping.top);

  sizePass(st);
  for (const os of outputs) {
    if (os.created && os.size === 0n && (os.flags & SEC.KEEP) === 0) {
      os.excluded = true;
      os.ignored = !os.updateDot;
    }
  }
  let previous = '';
  for (let n = 0; n < MAX_PASSES; n++) {
    sizePass(st);
    const now = snapshot(outputs, addresses, symbols);
    if (now === previous) break;
    previous = now;
    if (n === MAX_PASSES - 1) diags.warning(LINK_MESSAGES.notConverged(), undefined);
  }
  st.final = true;
  sizePass(st);
  regions.reportOverflows();

  return {
    outputs: outputs.filter((os) => os.created && !os.excluded).map(toOutputSection),
    placements: inputs.map((_, i) => (owner[i] === 'discard' || owner[i] === undefined ? -1 : u32(addresses[i]))),
    ...symbolResults(symbols, outputs),
    ...(layout.entry !== undefined ? { entry: /^(0x[0-9a-f]+|[0-9]+)$/i.test(layout.entry) ? Number(layout.entry) : layout.entry } : {}),
    diagnostics: diags.items,
  };
}

function snapshot(outputs: readonly OutputState[], addresses: readonly bigint[], symbols: SymbolTable): string {
  const parts = outputs.map((o) => `${o.vma}+${o.size}/${o.alignPower}`);
  for (const [name, s] of symbols.script) parts.push(`${name}=${s.value}@${typeof s.section === 'object' && s.section ? s.section.vma : s.section}`);
  return `${parts.join(',')}|${addresses.join(',')}`;
}

function toOutputSection(os: OutputState): OutputSection {
  // ld never records more alignment than the address has (an explicit
  // unaligned address lowers sh_addralign)
  let power = os.alignPower;
  while (power > 0 && os.vma !== 0n && (os.vma & ((1n << BigInt(power)) - 1n)) !== 0n) power--;
  return {
    name: os.name,
    addr: u32(os.vma),
    size: u32(os.size),
    align: 2 ** power,
    flags: permissionsOf(os.flags),
    nobits: (os.flags & SEC.HAS_CONTENTS) === 0,
    inputs: os.body.flatMap((b) => (b.kind === 'inputs' ? b.indices : [])),
    data: os.data,
    fills: os.fills,
    ...(os.placedIn !== undefined ? { region: os.placedIn } : {}),
  };
}

function symbolResults(symbols: SymbolTable, outputs: readonly OutputState[]): Pick<LayoutResult, 'symbols' | 'scriptSymbols'> {
  const map = new Map<string, number>();
  const list: ScriptSymbol[] = [];
  for (const [name, s] of symbols.script) {
    const value = u32(s.value + (typeof s.section === 'object' && s.section ? s.section.vma : 0n));
    const live = typeof s.section === 'object' && s.section && outputs.some((o) => o === s.section && !o.excluded);
    map.set(name, value);
    list.push({ name, value, section: live ? (s.section as OutputState).name : 'abs', provided: s.provided, hidden: s.hidden });
  }
  return { symbols: map, scriptSymbols: list };
}
