/**
 * Linking: place every file's sections with the layout, give symbols their
 * addresses, resolve names across files, and run the final pass. pvlab links
 * its own objects directly, so nothing is left for an external linker.
 */
import type { DiagnosticBag } from '../diagnostics/diagnostic.js';
import type { FileAssembler } from '../front/file-assembler.js';
import type { Section } from '../front/sections.js';
import { isTemporaryName, type Sym } from '../front/symbols.js';
import { layoutSections, outputSectionBytes, type Layout, type InputSection, type ProgramSymbol } from '../link/index.js';
import { FinalPass, type GlobalScope } from './fixups.js';
import { toNumber } from '../front/values.js';

/** A linked output section with its bytes. */
export interface LinkedSection {
  readonly name: string;
  readonly addr: number;
  readonly size: number;
  readonly align: number;
  readonly nobits: boolean;
  readonly flags: { readonly alloc: boolean; readonly write: boolean; readonly exec: boolean };
  readonly data: Uint8Array;
  /** The MEMORY region it was placed in, if the layout has regions. */
  readonly region?: string;
}

/** A symbol of the linked program. */
export interface LinkedSymbol {
  readonly name: string;
  readonly value: number;
  readonly size: number;
  readonly type: 'notype' | 'func' | 'object';
  readonly bind: 'local' | 'global' | 'weak';
  /** Output section name, or `abs`. */
  readonly section: string;
  readonly file: string;
}

export interface LinkResult {
  readonly sections: LinkedSection[];
  readonly symbols: LinkedSymbol[];
  readonly entry: number;
  readonly entrySymbol?: string;
}

export function link(files: readonly FileAssembler[], layout: Layout, diags: DiagnosticBag): LinkResult | undefined {
  // 1. Place the allocated sections.
  const inputs: InputSection[] = [];
  const owners: Section[] = [];
  for (const fa of files) {
    for (const s of fa.sections.values()) {
      if (!s.flags.alloc) continue;
      inputs.push({ file: fa.path, name: s.name, size: s.size, align: s.align, flags: s.flags, nobits: s.nobits });
      owners.push(s);
    }
  }
  // What the script may ask about the program's symbols (`. = _start + 0x100`, DEFINED()).
  const programSymbols = new Map<string, ProgramSymbol>();
  for (const fa of files) {
    for (const s of fa.symbols.values()) {
      if (s.bind === 'local' || programSymbols.has(s.name)) continue;
      if (s.kind === 'equ' && s.constant !== undefined) programSymbols.set(s.name, toNumber(s.constant));
      else if (s.kind === 'label' && s.section!.flags.alloc) programSymbols.set(s.name, { input: owners.indexOf(s.section!), offset: s.frag!.offset + s.fragOffset });
    }
  }
  const placed = layoutSections(inputs, layout, { resolveSymbol: (n: string) => programSymbols.get(n) });
  for (const d of placed.diagnostics) diags.add(d.severity, d.message, d);
  placed.placements.forEach((addr: number, i: number) => (owners[i].addr = addr < 0 ? 0 : addr));

  // 2. Label addresses.
  for (const fa of files) {
    for (const s of fa.symbols.values()) if (s.kind === 'label') s.value = (s.section!.addr + s.frag!.offset + s.fragOffset) >>> 0;
  }

  // 3. Globals across files; the layout's symbols (`_end = .`) come last.
  const globals = new Map<string, { sym: Sym; fa: FileAssembler }>();
  for (const fa of files) {
    for (const s of fa.symbols.values()) {
      if (s.kind === 'undef' || (s.bind !== 'global' && s.bind !== 'weak')) continue;
      const prev = globals.get(s.name);
      if (!prev || (prev.sym.bind === 'weak' && s.bind === 'global')) globals.set(s.name, { sym: s, fa });
      else if (prev.sym.bind === 'global' && s.bind === 'global') {
        const at = s.definedAt ?? { file: fa.path, line: 1, column: 1 };
        diags.error(`symbol '${s.name}' is defined in more than one file (also in ${prev.fa.path}${prev.sym.definedAt ? ':' + prev.sym.definedAt.line : ''})`, at);
      }
    }
  }
  const passes = new Map<FileAssembler, FinalPass>();
  const scope: GlobalScope = {
    lookup: (name) => {
      const g = globals.get(name);
      if (g) {
        if (g.sym.kind === 'label') return g.sym.value;
        const v = passes.get(g.fa)!.value({ k: 'sym', name, col: 0 }, 0, g.sym.definedAt!);
        return v === undefined ? undefined : toNumber(v) >>> 0;
      }
      return placed.symbols.get(name);
    },
    isWeakUndefined: (name) => files.some((fa) => fa.symbols.get(name)?.bind === 'weak'),
  };
  for (const fa of files) passes.set(fa, new FinalPass(fa, scope));

  // 4. Bytes of every output section.
  const contents = new Map<number, Uint8Array>();
  owners.forEach((s, i) => {
    if (s.nobits || placed.placements[i] < 0) return;
    const data = new Uint8Array(s.size);
    passes.get(files.find((f) => f.sections.get(s.name) === s)!)!.writeSection(s, data);
    contents.set(i, data);
  });
  const sections: LinkedSection[] = placed.outputs.map((o) => ({
    name: o.name, addr: o.addr, size: o.size, align: o.align, nobits: o.nobits, flags: o.flags, region: o.region,
    data: outputSectionBytes(o, placed.placements, (i) => contents.get(i)),
  }));
  // Sections the layout did not place (non-alloc) still get their fixups checked.

  // 5. Symbols for the ELF file and the symbol map.
  const outputOf = (s: Section): string => placed.outputs.find((o) => o.inputs.some((i) => owners[i] === s))?.name ?? 'abs';
  const symbols: LinkedSymbol[] = [];
  for (const fa of files) {
    for (const s of fa.symbols.values()) {
      if (s.kind === 'undef' || isTemporaryName(s.name)) continue;
      if (s.bind !== 'local' && globals.get(s.name)?.sym !== s) continue;
      const value = s.kind === 'label' ? s.value : toNumber(passes.get(fa)!.value({ k: 'sym', name: s.name, col: 0 }, 0, s.definedAt!) ?? 0) >>> 0;
      const size = s.size ? toNumber(passes.get(fa)!.value(s.size, 0, s.definedAt ?? { file: fa.path, line: 1, column: 1 }) ?? 0) : 0;
      symbols.push({ name: s.name, value, size, type: s.type, bind: s.bind, section: s.kind === 'label' ? outputOf(s.section!) : 'abs', file: fa.path });
    }
  }
  // Script symbols; a PROVIDEd one only if the program refers to it.
  const referenced = (name: string) => files.some((fa) => fa.symbols.has(name));
  for (const s of placed.scriptSymbols) {
    if (globals.has(s.name) || (s.provided && !referenced(s.name))) continue;
    symbols.push({ name: s.name, value: s.value, size: 0, type: 'notype', bind: s.hidden ? 'local' : 'global', section: s.section, file: '<layout>' });
  }

  // 6. The entry point.
  const entryName = layout.entry ?? '_start';
  let entry = scope.lookup(entryName);
  if (entry === undefined && /^(0x[0-9a-f]+|\d+)$/i.test(entryName)) entry = Number(entryName);
  if (entry === undefined) {
    const first = sections.find((s) => s.flags.exec) ?? sections[0];
    entry = first?.addr ?? 0;
    if (layout.entry) diags.warning(`entry symbol '${entryName}' is not defined; starting at 0x${entry.toString(16)}`, { file: '<layout>', line: 0, column: 0 });
  }
  return { sections, symbols, entry, entrySymbol: entryName };
}
