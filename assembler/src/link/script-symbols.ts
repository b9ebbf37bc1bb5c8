/**
 * Symbols during layout: those the script assigns, and those the program
 * defines (looked up through the caller's `resolveSymbol`). Script symbols
 * keep their value from pass to pass, so a forward reference settles after
 * a second pass, as it does in ld.
 */
import type { ScriptLocation } from './diagnostic.js';
import type { SectionHandle, Value, ValueSection } from './evaluate.js';

/**
 * A symbol the program defines: an absolute value (SHN_ABS), or an offset
 * into one of the input sections given to `layoutSections`.
 */
export type ProgramSymbol = number | { readonly input: number; readonly offset: number };

/** A script-assigned symbol's state. */
export interface ScriptSymbolState {
  value: bigint;
  section: ValueSection;
  /** The pass that last assigned it (DEFINED() is true only after its assignment). */
  pass: number;
  provided: boolean;
  hidden: boolean;
  loc?: ScriptLocation;
}

/** Where an input section currently is: its output section and address. */
export interface InputPosition {
  readonly os: SectionHandle | undefined;
  readonly address: bigint;
}

/** The symbol table of one layout run. */
export class SymbolTable {
  readonly script = new Map<string, ScriptSymbolState>();

  constructor(
    private readonly resolve: ((name: string) => ProgramSymbol | undefined) | undefined,
    private readonly position: (input: number) => InputPosition | undefined,
  ) {}

  /** Does the program itself define `name`? */
  programDefines(name: string): boolean {
    return this.resolve?.(name) !== undefined;
  }

  /** The value of `name` for an expression: the script's assignment wins over the program's. */
  lookup(name: string): Value | undefined {
    const s = this.script.get(name);
    if (s) return { value: s.value, section: s.section };
    const p = this.resolve?.(name);
    if (p === undefined) return undefined;
    if (typeof p === 'number') return { value: BigInt(p >>> 0), section: 'abs' };
    const pos = this.position(p.input);
    if (!pos) return undefined;
    const address = pos.address + BigInt(p.offset);
    return pos.os ? { value: address - pos.os.vma, section: pos.os } : { value: address, section: 'abs' };
  }

  /** DEFINED(name): by the program, or by the script earlier in this pass. */
  isDefined(name: string, pass: number): boolean {
    return this.programDefines(name) || this.script.get(name)?.pass === pass;
  }

  /** Record an assignment. */
  define(name: string, v: Value, pass: number, info: { provided: boolean; hidden: boolean; loc?: ScriptLocation }): void {
    this.script.set(name, { value: v.value, section: v.section, pass, ...info });
  }
}
