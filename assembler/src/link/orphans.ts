/**
 * Orphan sections: inputs no script statement matched. GNU ld (ldelf.c
 * `ldelf_place_orphan`, ldlang.c `lang_insert_orphan`) gives each one an
 * output section of its own name, merged with an existing output section of
 * that name if there is one, and otherwise placed after a section of the same
 * kind:
 *
 *   code      after `.text`, else after the last code section
 *   rodata    after `.rodata`, else after the last read-only section
 *   data      after `.data`, else after the last writable section
 *   bss       after `.bss`, else after the last allocated section
 *   non-alloc at the end, at address 0
 *
 * Later orphans of a kind follow the earlier ones. The new statement goes
 * after the anchor but before any `. = ...` that precedes the next output
 * section, since ld assumes such an assignment sets that section's address.
 */
import { addInput, type Mapping } from './input-matching.js';
import { newOutputState, outputsOf, type OutputState, type TopItem } from './link-state.js';
import { SEC, inputFlags, type InputSection } from './section-flags.js';

type OrphanKind = 'text' | 'rodata' | 'data' | 'bss' | 'nonalloc';

/** The anchor section name and flags of each kind of orphan (ldelf.c `hold[]`). */
const ORPHAN_KINDS: Readonly<Record<OrphanKind, { readonly anchor: string; readonly flags: number }>> = {
  text: { anchor: '.text', flags: SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.READONLY | SEC.CODE },
  rodata: { anchor: '.rodata', flags: SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.READONLY | SEC.DATA },
  data: { anchor: '.data', flags: SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD | SEC.DATA },
  bss: { anchor: '.bss', flags: SEC.ALLOC },
  nonalloc: { anchor: '.comment', flags: SEC.HAS_CONTENTS },
};

interface Place {
  /** The anchor output section, once known. */
  os?: OutputState;
  /** The last orphan placed for this kind; the next one goes right after it. */
  last?: OutputState;
}

/** Create and place an output section for every unmatched input, in file and section order. */
export function placeOrphans(mapping: Mapping, inputs: readonly InputSection[]): void {
  const places = {} as Record<OrphanKind, Place>;
  for (const k of Object.keys(ORPHAN_KINDS) as OrphanKind[]) places[k] = {};
  let anchorsInitialised = false;
  for (const i of mapping.order) {
    if (mapping.owner[i] !== undefined) continue;
    const sec = inputs[i];
    const name = sec.name === 'COMMON' ? '.bss' : sec.name;
    const same = byName(mapping.top, name, sec);
    if (same) {
      attach(mapping, same, i, inputs);
      continue;
    }
    const flags = orphanFlags(mapping, inputs, i);
    const kind = classify(flags);
    if (!anchorsInitialised) {
      for (const [k, spec] of Object.entries(ORPHAN_KINDS) as [OrphanKind, (typeof ORPHAN_KINDS)[OrphanKind]][]) {
        const os = findByName(mapping.top, spec.anchor);
        places[k].os = os;
        if (os && os.stmtFlags === 0) os.stmtFlags = spec.flags;
      }
      anchorsInitialised = true;
    }
    insertOrphan(mapping, i, name, inputs, kind === undefined ? undefined : { kind, place: places[kind], flags });
  }
}

// Non-alloc debugging sections have no kind: ld appends them at the end.
function classify(flags: number): OrphanKind | undefined {
  if ((flags & (SEC.ALLOC | SEC.DEBUGGING)) === 0) return 'nonalloc';
  if ((flags & SEC.ALLOC) === 0) return undefined;
  if ((flags & (SEC.LOAD | SEC.HAS_CONTENTS)) === 0) return 'bss';
  if ((flags & SEC.READONLY) === 0) return 'data';
  if ((flags & SEC.CODE) === 0) return 'rodata';
  return 'text';
}

// An orphan's flags, made writable if a same-named unplaced section of the
// same file is writable (ldelf.c merges them before classifying).
function orphanFlags(mapping: Mapping, inputs: readonly InputSection[], i: number): number {
  let flags = inputFlags(inputs[i]);
  const sec = inputs[i];
  for (const j of mapping.order) {
    const o = inputs[j];
    if (j === i || mapping.owner[j] !== undefined || o.file !== sec.file || o.name !== sec.name) continue;
    const of = inputFlags(o);
    if (((of ^ flags) & (SEC.LOAD | SEC.ALLOC)) === 0 && o.nobits === sec.nobits) {
      flags = ((flags ^ SEC.READONLY) | (of ^ SEC.READONLY)) ^ SEC.READONLY;
    }
  }
  return flags;
}

function findByName(top: readonly TopItem[], name: string): OutputState | undefined {
  return outputsOf(top).find((os) => os.name === name);
}

// An existing output section this orphan joins because of its name.
function byName(top: readonly TopItem[], name: string, sec: InputSection): OutputState | undefined {
  let unused: OutputState | undefined;
  const flags = inputFlags(sec);
  for (const os of outputsOf(top)) {
    if (os.name !== name) continue;
    const osFlags = os.flags & ~SEC.KEEP;
    if (os.created && (osFlags === 0 || (((flags ^ osFlags) & (SEC.LOAD | SEC.ALLOC)) === 0 && os.firstInputNobits === sec.nobits))) return os;
    if (!os.created) unused = os;
  }
  return unused;
}

function attach(mapping: Mapping, os: OutputState, i: number, inputs: readonly InputSection[]): void {
  // ld appends to the end of the body, after any trailing assignments
  os.body.push({ kind: 'inputs', indices: [i] });
  addInput(os, inputs[i], false);
  mapping.owner[i] = os;
}

interface Placement {
  readonly kind: OrphanKind;
  readonly place: Place;
  readonly flags: number;
}

function insertOrphan(mapping: Mapping, i: number, name: string, inputs: readonly InputSection[], p: Placement | undefined): void {
  const top = mapping.top;
  const sec = inputs[i];
  let after: OutputState | 'head' | undefined;
  if (p) {
    p.place.os ??= findByName(top, ORPHAN_KINDS[p.kind].anchor);
    after = p.place.os ?? findByFlags(top, sec, p.flags, p.place) ?? 'head';
  }
  const alloc = sec.flags.alloc;
  const region = alloc && after !== undefined && after !== 'head' ? after.region : undefined;
  const stmt = { kind: 'section' as const, name, body: [], ...(alloc ? {} : { address: { kind: 'number' as const, value: 0 } }) };
  const os = newOutputState(stmt, true, region);
  attach(mapping, os, i, inputs);
  const item: TopItem = { kind: 'output', os };
  if (after === undefined || p === undefined) top.push(item);
  else if (p.place.last) top.splice(top.findIndex((t) => t.kind === 'output' && t.os === p.place.last) + 1, 0, item);
  else top.splice(insertionPoint(top, after === 'head' ? -1 : top.findIndex((t) => t.kind === 'output' && t.os === after)), 0, item);
  if (p) p.place.last = os;
}

// ldlang.c `insert_os_after`: skip the statements that belong to `after`,
// stopping before a `. = ...` that leads into the next output section.
function insertionPoint(top: readonly TopItem[], afterIndex: number): number {
  let ignoreFirst = afterIndex === -1;
  let assign: number | undefined;
  for (let w = afterIndex + 1; w < top.length; w++) {
    const t = top[w];
    if (t.kind === 'assign' || t.kind === 'assert') {
      if (assign === undefined && t.kind === 'assign' && t.target === '.') {
        if (!ignoreFirst) assign = w;
        ignoreFirst = false;
      }
      continue;
    }
    const os = t.os;
    if (assign !== undefined && (!os.created || !os.hasInput || (os.flags & SEC.ALLOC) !== 0)) return assign;
    return w;
  }
  return top.length;
}

// ldlang.c `lang_output_section_find_by_flags`: the last output section
// whose flags are close enough, trying an exact match first.
function findByFlags(top: readonly TopItem[], sec: InputSection, flags: number, place: Place, typed = true): OutputState | undefined {
  const list = outputsOf(top);
  const last = (mask: number) => {
    let found: OutputState | undefined;
    for (const os of list) {
      if (os.created && typed && os.firstInputNobits !== sec.nobits) continue;
      const lf = os.created ? os.flags : os.stmtFlags;
      if (((lf ^ flags) & mask) === 0) found = os;
    }
    return found;
  };
  const base = SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD;
  const exact = last(base | SEC.READONLY | SEC.CODE);
  if (exact) {
    if (typed) place.os = exact;
    return exact;
  }
  let found: OutputState | undefined;
  if ((flags & SEC.CODE) !== 0) found = last(base | SEC.CODE);
  else if ((flags & SEC.READONLY) !== 0) found = last(base | SEC.READONLY);
  else if ((flags & SEC.HAS_CONTENTS) !== 0) found = last(base);
  else found = last(SEC.ALLOC);
  if (found || !typed) return found;
  return findByFlags(top, sec, flags, place, false);
}
