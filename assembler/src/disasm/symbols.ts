/**
 * Symbols of an image, looked up the way objdump labels addresses: the
 * closest symbol at or below the address (`<main+0x10>`), or, below every
 * symbol, the lowest one with a negative offset (`<_start-0x4>`). Among
 * symbols with one value objdump's compare_symbols prefers a global one,
 * then one whose name does not start with `.`, then the first by name.
 *
 * Mapping symbols (`$x…` code, `$d…` data, emitted by GNU as) are never
 * labels: they switch the listing between instructions and data.
 */

/** A symbol of the image. */
export interface ImageSymbol {
  readonly name: string;
  readonly value: number;
  /** Global binding: preferred over local symbols with the same value. */
  readonly global?: boolean;
  /**
   * Defined outside the listed section (absolute, like `__global_pointer$`,
   * or in another section): it names addresses but starts no `<label>:` block.
   */
  readonly external?: boolean;
}

/** What a mapping symbol says about the bytes from its address on. */
export type MappingState = 'code' | 'data';

/** The state a mapping symbol name sets, or `undefined` for an ordinary symbol. */
export function mappingState(name: string): MappingState | undefined {
  if (name.startsWith('$x')) return 'code';
  if (name.startsWith('$d')) return 'data';
  return undefined;
}

const hex = (n: number): string => n.toString(16);

/** The labels of an image, sorted for objdump-style lookup. */
export class ImageSymbols {
  /** Labels by ascending value; among equal values, the preferred first. */
  readonly labels: readonly ImageSymbol[];
  /** Mapping symbols by ascending value (stable). */
  readonly mapping: readonly { readonly value: number; readonly state: MappingState }[];

  constructor(symbols: readonly ImageSymbol[]) {
    const norm = symbols.map((s, i) => ({ ...s, value: s.value >>> 0, i }));
    const dot = (s: ImageSymbol) => Number(s.name.startsWith('.'));
    this.labels = norm
      .filter((s) => mappingState(s.name) === undefined)
      .sort((a, b) => a.value - b.value || Number(b.global ?? false) - Number(a.global ?? false)
        || dot(a) - dot(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : a.i - b.i))
      .map(({ name, value, global, external }) => ({ name, value, global, external }));
    this.mapping = norm
      .flatMap((s) => {
        const state = mappingState(s.name);
        return state && !s.external ? [{ value: s.value, state, i: s.i }] : []; // other sections' do not apply
      })
      .sort((a, b) => a.value - b.value || a.i - b.i)
      .map(({ value, state }) => ({ value, state }));
  }

  /** Index of the last label with value ≤ addr whose value is the first of its run, or -1. */
  private floor(addr: number): number {
    let lo = 0;
    let hi = this.labels.length; // first label with value > addr
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.labels[mid].value <= addr) lo = mid + 1;
      else hi = mid;
    }
    let i = lo - 1;
    while (i > 0 && this.labels[i - 1].value === this.labels[i].value) i--;
    return i;
  }

  /** objdump's text between `<` and `>` for `addr` (`main+0x10`), or `undefined` with no labels. */
  describe(addr: number): string | undefined {
    if (this.labels.length === 0) return undefined;
    const a = addr >>> 0;
    const i = this.floor(a);
    const sym = this.labels[i < 0 ? 0 : i];
    if (sym.value === a) return sym.name;
    return sym.value < a ? `${sym.name}+0x${hex(a - sym.value)}` : `${sym.name}-0x${hex(sym.value - a)}`;
  }

  /** Distinct label values in (from, to), ascending: where objdump starts a new `<label>:` block. */
  boundaries(from: number, to: number): number[] {
    const out: number[] = [];
    for (const { value, external } of this.labels) {
      if (!external && value > from && value < to && out[out.length - 1] !== value) out.push(value);
    }
    return out;
  }

  /** Index of the first mapping symbol above `addr` (binary search). */
  private mappingAbove(addr: number): number {
    let lo = 0;
    let hi = this.mapping.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.mapping[mid].value <= addr) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The mapping state at `addr`: the last mapping symbol at or below it, else code. */
  stateAt(addr: number): MappingState {
    const i = this.mappingAbove(addr);
    return i > 0 ? this.mapping[i - 1].state : 'code';
  }

  /** The address of the first mapping symbol above `addr`, if any. */
  nextMapping(addr: number): number | undefined {
    return this.mapping[this.mappingAbove(addr)]?.value;
  }

  /** The value of the symbol called `name`, if any (`__global_pointer$`). */
  valueOf(name: string): number | undefined {
    return this.labels.find((s) => s.name === name)?.value;
  }
}
