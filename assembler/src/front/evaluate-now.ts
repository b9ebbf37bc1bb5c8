/**
 * Evaluation during the first pass: what a name, `.`, a local label or
 * `%hi`/`%lo` is worth at the point a statement is read. A label's value is
 * relative to its fragment's provisional home (see fragment-writer.ts), so
 * two labels compare or subtract exactly only when no variable fragment lies
 * between them; anything not known yet is "unknown" and waits for the fixups.
 */
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import { evaluate, type EvalContext, type EvalResult } from './evaluate.js';
import type { LocalLabels, Sym } from './symbols.js';
import type { Section } from './sections.js';
import { hi20, lo12, low32, type Num } from './values.js';

/** What first-pass evaluation reads from the file being assembled. */
export interface FirstPassScope {
  readonly symbols: ReadonlyMap<string, Sym>;
  /** The symbol of that name, made (undefined) on first use. */
  symbol(name: string): Sym;
  readonly locals: LocalLabels;
  readonly at: SourceLocation;
  readonly section: Section;
  readonly subsection: number;
  provisionalEnd(): { offset: number; variable: number };
}

/** The context in which expressions are evaluated during the first pass. */
export function firstPassContext(scope: FirstPassScope): EvalContext {
  // `.equ` names being evaluated, to refuse a definition in terms of itself.
  const evaluating = new Set<string>();
  const context: EvalContext = {
    symbol: (name, col) => {
      const s = scope.symbols.get(name);
      if (!s) {
        scope.symbol(name).firstUseAt = { ...scope.at, column: col + 1 };
        return { unknown: true, col };
      }
      if (s.kind === 'equ') {
        if (s.constant !== undefined) return { v: s.constant };
        if (evaluating.has(name)) return { error: `symbol '${name}' is defined in terms of itself`, col };
        evaluating.add(name);
        try {
          return evaluate(s.expr!, context);
        } finally {
          evaluating.delete(name);
        }
      }
      if (s.kind === 'label') return labelNow(s);
      return { unknown: true, col };
    },
    location: () => {
      const end = scope.provisionalEnd();
      return { v: end.offset, base: `${scope.section.name}#${scope.subsection}#${end.variable}` };
    },
    localLabel: (n, dir, col) => scope.locals.ref(n, dir) ?? { error: `backward reference to local label '${n}' that is not defined yet`, col },
    reloc: (fn, a, col) => relocNow(fn, a, col),
  };
  return context;
}

/**
 * A label's value now: its offset from the last variable fragment before it,
 * with that (section, subsection, variable-fragment count) as its base.
 */
export function labelNow(s: Sym): EvalResult {
  const p = s.frag!.home!;
  return { v: p.offset + s.fragOffset, base: `${s.section!.name}#${p.sub}#${p.variable}` };
}

/** `%hi`/`%lo` of a constant are known now; pc-relative ones wait for addresses. */
export function relocNow(fn: string, a: { v: Num; base?: string }, col: number): EvalResult {
  switch (fn) {
    case 'hi':
    case 'lo':
      if (a.base !== undefined) return { unknown: true, col };
      return { v: fn === 'hi' ? hi20(low32(a.v)) : lo12(low32(a.v)) };
    case 'pcrel_hi':
    case 'pcrel_lo':
    case 'call':
      return { unknown: true, col };
  }
  return { error: `unknown relocation function '%${fn}' (pvlab supports %hi, %lo, %pcrel_hi, %pcrel_lo)`, col };
}
