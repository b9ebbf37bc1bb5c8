/**
 * Differential layout: what GNU ld did with a scenario (the golden), and
 * what `layoutSections` does with the same input sections.
 */
import { readElf, SHF, SHT, type ElfFile } from '../../../src/elf/index.js';
import { defaultLayout, layoutSections, parseLinkerScript, type InputSection, type Layout } from '../../../src/link/index.js';
import { assemble, link, scratch } from '../../elf/_helpers/reference-tools.js';
import { DEFAULT_LAYOUT_LD, sourceText, type Scenario } from './scenarios.js';

/** An output section as compared: everything layout decides. */
export interface SectionFacts {
  readonly name: string;
  readonly addr: number;
  readonly size: number;
  readonly align: number;
  readonly nobits: boolean;
  readonly write: boolean;
  readonly exec: boolean;
}

/** A program-defined global: where it is in the inputs. */
export interface ProgramSymbolFacts {
  readonly name: string;
  readonly input: number;
  readonly offset: number;
}

/** What ld produced, and the inputs it was given. */
export interface Golden {
  readonly name: string;
  readonly inputs: InputSection[];
  readonly programSymbols: ProgramSymbolFacts[];
  readonly expected: {
    readonly sections: SectionFacts[];
    readonly scriptSymbols: Record<string, number>;
    readonly programSymbols: Record<string, number>;
    readonly entry: number;
  };
}

/** Input sections (allocated ones) and global symbols of assembled objects, in command-line order. */
export function collectInputs(objects: readonly { file: string; elf: ElfFile }[]): { inputs: InputSection[]; programSymbols: ProgramSymbolFacts[] } {
  const inputs: InputSection[] = [];
  const programSymbols: ProgramSymbolFacts[] = [];
  for (const { file, elf } of objects) {
    const indexOf = new Map<number, number>();
    for (const s of elf.sections) {
      if ((s.flags & SHF.ALLOC) === 0 || (s.type !== SHT.PROGBITS && s.type !== SHT.NOBITS)) continue;
      indexOf.set(s.index, inputs.length);
      inputs.push({
        file, name: s.name, size: s.size, align: Math.max(1, s.addralign), nobits: s.type === SHT.NOBITS,
        flags: { alloc: true, write: (s.flags & SHF.WRITE) !== 0, exec: (s.flags & SHF.EXECINSTR) !== 0 },
      });
    }
    for (const sym of elf.symbols) {
      const input = indexOf.get(sym.shndx);
      if (sym.bind === 'global' && input !== undefined) programSymbols.push({ name: sym.name, input, offset: sym.value });
    }
  }
  return { inputs, programSymbols };
}

/** The facts of a linked executable that layout must reproduce. */
export function expectationsFrom(out: ElfFile, programSymbols: readonly ProgramSymbolFacts[]): Golden['expected'] {
  const fromProgram = new Set(programSymbols.map((p) => p.name));
  const sections = out.sections.filter((s) => (s.flags & SHF.ALLOC) !== 0).map((s) => ({
    name: s.name, addr: s.addr, size: s.size, align: Math.max(1, s.addralign), nobits: s.type === SHT.NOBITS,
    write: (s.flags & SHF.WRITE) !== 0, exec: (s.flags & SHF.EXECINSTR) !== 0,
  }));
  const scriptSymbols: Record<string, number> = {};
  const finalProgram: Record<string, number> = {};
  for (const sym of out.symbols) {
    if (sym.bind !== 'global' || sym.name === '') continue;
    if (fromProgram.has(sym.name)) finalProgram[sym.name] = sym.value;
    else scriptSymbols[sym.name] = sym.value;
  }
  return { sections, scriptSymbols, programSymbols: finalProgram, entry: out.header.entry };
}

/** Assemble and link a scenario with the GNU tools. */
export function goldenFromTools(sc: Scenario): Golden {
  const tmp = scratch();
  try {
    const objects = Object.entries(sc.sources).map(([base, spec]) => {
      const file = assemble(tmp.dir, base, sourceText(base, spec));
      return { file, elf: readElf(tmp.read(file)) };
    });
    const { inputs, programSymbols } = collectInputs(objects);
    const linked = link(tmp.dir, sc.script, objects.map((o) => o.file));
    if (!linked.elf) throw new Error(`ld failed for ${sc.name}:\n${linked.stderr}`);
    return { name: sc.name, inputs, programSymbols, expected: expectationsFrom(readElf(linked.elf), programSymbols) };
  } finally {
    tmp.dispose();
  }
}

/** The layout a scenario's script gives (the default scenario also checks `defaultLayout()` itself). */
export function scenarioLayout(sc: Scenario): Layout {
  if (sc.script === DEFAULT_LAYOUT_LD) return defaultLayout();
  const parsed = parseLinkerScript(sc.script, `${sc.name}.ld`);
  if (parsed.diagnostics.length) throw new Error(parsed.diagnostics.map((d) => `${d.file}:${d.line}:${d.column}: ${d.message}`).join('\n'));
  return parsed.layout;
}

/** Run `layoutSections` on a golden's inputs; the facts in the golden's shape. */
export function layoutFacts(g: Golden, layout: Layout): Golden['expected'] & { diagnostics: string[] } {
  const byName = new Map(g.programSymbols.map((p) => [p.name, p]));
  const r = layoutSections(g.inputs, layout, { resolveSymbol: (n) => byName.get(n) });
  const sections = r.outputs.filter((o) => o.flags.alloc).map((o) => ({
    name: o.name, addr: o.addr, size: o.size, align: o.align, nobits: o.nobits, write: o.flags.write, exec: o.flags.exec,
  }));
  const scriptSymbols: Record<string, number> = {};
  for (const name of Object.keys(g.expected.scriptSymbols)) {
    const v = r.symbols.get(name);
    if (v !== undefined) scriptSymbols[name] = v;
  }
  const programSymbols: Record<string, number> = {};
  // symbols of discarded sections vanish from ld's output too
  for (const p of g.programSymbols) if (r.placements[p.input] >= 0) programSymbols[p.name] = (r.placements[p.input] + p.offset) >>> 0;
  const entryName = r.entry;
  const entry = typeof entryName === 'number' ? entryName : entryName === undefined ? 0 : (programSymbols[entryName] ?? r.symbols.get(entryName) ?? 0);
  return { sections, scriptSymbols, programSymbols, entry, diagnostics: r.diagnostics.map((d) => `${d.severity}: ${d.message}`) };
}
