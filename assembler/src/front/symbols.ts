/**
 * Symbols of one source file: labels (a fragment and an offset), `.equ`/`.set`
 * values (an expression, or a constant known when it was set), and names
 * that are only referenced (resolved at link time from another file, or 0 if
 * weak).
 */
import type { Expr } from '../parse/ast.js';
import type { SourceLocation } from '../diagnostics/diagnostic.js';
import type { Frag, Section } from './sections.js';

export type Binding = 'local' | 'global' | 'weak';
export type SymbolType = 'notype' | 'func' | 'object';

export interface Sym {
  readonly name: string;
  /** `label`: defined at a place; `equ`: defined by an expression; `undef`: only referenced. */
  kind: 'label' | 'equ' | 'undef';
  section?: Section;
  frag?: Frag;
  /** Offset inside `frag`. */
  fragOffset: number;
  /** For `equ`: the defining expression (when not constant) and its constant value (when constant). */
  expr?: Expr;
  constant?: number | bigint;
  bind: Binding;
  /** Bound explicitly by `.local`, so it is never exported. */
  explicitLocal: boolean;
  type: SymbolType;
  size?: Expr;
  /** `.equiv` symbols may not be redefined. */
  equiv: boolean;
  definedAt?: SourceLocation;
  firstUseAt?: SourceLocation;
  /** Final address, after linking. */
  value: number;
}

export function newSymbol(name: string): Sym {
  return { name, kind: 'undef', fragOffset: 0, bind: 'local', explicitLocal: false, type: 'notype', equiv: false, value: 0 };
}

/**
 * Numeric local labels (`1:`, `1b`, `1f`): each definition of `N:` is a
 * fresh internal symbol; `Nb` names the latest, `Nf` the next one.
 */
export class LocalLabels {
  private readonly counts = new Map<number, number>();

  private nameOf(n: number, instance: number): string {
    return `.L${n}\u0002${instance}`;
  }
  /** The internal name for a new definition of `n:`. */
  define(n: number): string {
    const c = (this.counts.get(n) ?? 0) + 1;
    this.counts.set(n, c);
    return this.nameOf(n, c);
  }
  /** The internal name `nb` or `nf` refers to at this point (b: undefined if none yet). */
  ref(n: number, dir: 'b' | 'f'): string | undefined {
    const c = this.counts.get(n) ?? 0;
    if (dir === 'b') return c === 0 ? undefined : this.nameOf(n, c);
    return this.nameOf(n, c + 1);
  }

  /**
   * An expression safe to evaluate later: its numeric local references
   * (`1b`, `1f`) bound to the labels they mean at this point. Expressions are
   * immutable, so one without such references is returned as it is (no copy
   * per fixup).
   */
  bind(e: Expr): Expr {
    switch (e.k) {
      case 'local': {
        const name = this.ref(e.label, e.dir);
        return name ? { k: 'sym', name, col: e.col } : e;
      }
      case 'unary': {
        const arg = this.bind(e.arg);
        return arg === e.arg ? e : { ...e, arg };
      }
      case 'binary': {
        const left = this.bind(e.left);
        const right = this.bind(e.right);
        return left === e.left && right === e.right ? e : { ...e, left, right };
      }
      case 'reloc': {
        const arg = this.bind(e.arg);
        return arg === e.arg ? e : { ...e, arg };
      }
      case 'paren': {
        const inner = this.bind(e.inner);
        return inner === e.inner ? e : { ...e, inner };
      }
      default:
        return e;
    }
  }
}

/** Whether a symbol name is assembler-local (never in the symbol table), as GNU's `.L` prefix. */
export function isTemporaryName(name: string): boolean {
  return name.startsWith('.L') || name.includes('\u0002');
}
