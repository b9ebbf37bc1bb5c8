/**
 * Input section matching (ld's `map_input_to_output_sections`): statements
 * are visited in script order and each input section goes to the first
 * input statement that matches it. Within one statement, sections come in
 * file order and, within a file, in section order — not in the order of the
 * patterns — unless a SORT keyword applies, in which case ld's binary-tree
 * insertion (`wild_sort`) decides:
 *
 *   *(.text.b .text.a)         a.o:.text.b a.o:.text.a b.o:.text.a ...
 *   *(.text SORT(.text.*))     unsorted sections go to the right end of the
 *                              tree as they are met; sorted ones are placed
 *                              by name among everything already there
 */
import { globMatch } from './glob.js';
import type { Expr, InputStatement, Layout, SectionItem, SortKind } from './layout-types.js';
import { newOutputState, type BodyItem, type OutputState, type TopItem } from './link-state.js';
import { SEC, inputFlags, type InputSection } from './section-flags.js';

/** Which output section each input went to (`discard` for /DISCARD/, undefined: orphan). */
export type Owner = OutputState | 'discard' | undefined;

/** The statement list with inputs placed, and each input's owner. */
export interface Mapping {
  readonly top: TopItem[];
  readonly owner: Owner[];
  /** Input indices in ld's iteration order: by file, then section order. */
  readonly order: readonly number[];
}

/** The name GNU ld gives the section that throws its inputs away. */
export const DISCARD = '/DISCARD/';

/** Map every input section to the first script statement that matches it. */
export function mapInputs(layout: Layout, inputs: readonly InputSection[]): Mapping {
  const fileRank = new Map<string, number>();
  inputs.forEach((s) => fileRank.has(s.file) || fileRank.set(s.file, fileRank.size));
  const order = inputs.map((_, i) => i).sort((a, b) => fileRank.get(inputs[a].file)! - fileRank.get(inputs[b].file)! || a - b);
  const owner: Owner[] = inputs.map(() => undefined);
  const top: TopItem[] = [];
  for (const st of layout.statements) {
    if (st.kind !== 'section') {
      top.push(st);
      continue;
    }
    if (st.name === DISCARD) {
      for (const item of st.body) if (item.kind === 'input') for (const i of wild(item, inputs, order, owner)) owner[i] = 'discard';
      continue;
    }
    const os = newOutputState(st, false);
    os.body = st.body.map((item) => mapItem(os, item, inputs, order, owner));
    top.push({ kind: 'output', os });
  }
  return { top, owner, order };
}

function mapItem(os: OutputState, item: SectionItem, inputs: readonly InputSection[], order: readonly number[], owner: Owner[]): BodyItem {
  switch (item.kind) {
    case 'input': {
      const indices = wild(item, inputs, order, owner);
      for (const i of indices) {
        owner[i] = os;
        addInput(os, inputs[i], item.keep === true);
      }
      return { kind: 'inputs', indices };
    }
    case 'data': {
      // ldlang.c: data gives CONTENTS|ALLOC|LOAD, and a new section starts read-only
      const f = os.stmt.noload ? SEC.ALLOC : SEC.HAS_CONTENTS | SEC.ALLOC | SEC.LOAD;
      if (!os.created) os.flags = f | SEC.READONLY;
      else os.flags |= f;
      os.created = true;
      return item;
    }
    case 'assign':
      os.created = true;
      if (item.target === '.' && !isTrivialDotAssignment(item.expr)) os.flags |= SEC.KEEP;
      return item;
    default:
      return item;
  }
}

/** Add an input section's flags to its output section (ld's `lang_add_section`). */
export function addInput(os: OutputState, sec: InputSection, keep: boolean): void {
  let f = inputFlags(sec);
  if (os.stmt.noload) f &= ~(SEC.LOAD | SEC.HAS_CONTENTS);
  if (keep) f |= SEC.KEEP;
  if (!os.created) os.flags = f;
  os.created = true;
  // READONLY survives only while every input is read-only
  os.flags &= f | ~SEC.READONLY;
  if (os.hasInput) f &= ~SEC.READONLY;
  os.flags |= f;
  os.hasInput = true;
  if (os.firstInputNobits === undefined) os.firstInputNobits = sec.nobits;
}

// ld keeps a section whose body assigns to dot, except for `. = 0`,
// `. = . + 0` and `. = ALIGN(. != 0 ? x : 1)` (ldexp.c, exp_fold_tree_1).
function isTrivialDotAssignment(e: Expr): boolean {
  if (e.kind === 'number') return e.value === 0;
  if (e.kind === 'binary') return e.op === '+' && e.left.kind === 'dot' && e.right.kind === 'number' && e.right.value === 0;
  if (e.kind === 'call' && e.fn === 'ALIGN' && e.args.length === 1) {
    const c = e.args[0];
    return c.kind === 'conditional' && c.test.kind === 'binary' && c.test.op === '!=' && c.test.left.kind === 'dot'
      && c.test.right.kind === 'number' && c.test.right.value === 0 && c.else.kind === 'number' && c.else.value === 1;
  }
  return false;
}

/** Does a file glob match an input's file (its full name or its base name)? */
export function fileMatches(glob: string, file: string): boolean {
  return globMatch(glob, file) || globMatch(glob, file.slice(file.lastIndexOf('/') + 1));
}

interface Node {
  readonly index: number;
  left?: Node;
  right?: Node;
}

// The inputs one statement takes, in ld's order.
function wild(st: InputStatement, inputs: readonly InputSection[], order: readonly number[], owner: readonly Owner[]): number[] {
  let root: Node | undefined;
  for (const i of order) {
    if (owner[i] !== undefined) continue;
    const sec = inputs[i];
    if (!fileMatches(st.file, sec.file) || st.excludeFiles?.some((g) => fileMatches(g, sec.file))) continue;
    let sort: SortKind = 'none';
    if (st.sections.length > 0) {
      const p = st.sections.find((q) => globMatch(q.pattern, sec.name) && !q.excludeFiles?.some((g) => fileMatches(g, sec.file)));
      if (!p) continue;
      sort = p.sort ?? 'none';
    }
    root = insert(root, { index: i }, sort, inputs);
  }
  const out: number[] = [];
  const walk = (n: Node | undefined): void => {
    if (!n) return;
    walk(n.left);
    out.push(n.index);
    walk(n.right);
  };
  walk(root);
  return out;
}

function insert(root: Node | undefined, node: Node, sort: SortKind, inputs: readonly InputSection[]): Node {
  if (!root) return node;
  let at = root;
  for (;;) {
    const goLeft = sort !== 'none' && compareSections(sort, inputs[node.index], inputs[at.index]) < 0;
    const next = goLeft ? at.left : at.right;
    if (!next) {
      if (goLeft) at.left = node;
      else at.right = node;
      return root;
    }
    at = next;
  }
}

const alignPower = (s: InputSection) => Math.max(0, Math.ceil(Math.log2(Math.max(1, s.align))));
const byName = (a: InputSection, b: InputSection) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
// larger alignment first, as ld's compare_section does
const byAlignment = (a: InputSection, b: InputSection) => alignPower(b) - alignPower(a);

/** ld's `compare_section` for each sort kind. */
const COMPARATORS: Readonly<Record<Exclude<SortKind, 'none'>, (a: InputSection, b: InputSection) => number>> = {
  name: byName,
  alignment: byAlignment,
  'name-alignment': (a, b) => byName(a, b) || byAlignment(a, b),
  'alignment-name': (a, b) => byAlignment(a, b) || byName(a, b),
};

function compareSections(sort: Exclude<SortKind, 'none'>, a: InputSection, b: InputSection): number {
  return COMPARATORS[sort](a, b);
}
