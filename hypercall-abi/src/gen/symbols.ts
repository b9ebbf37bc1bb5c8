/**
 * The names the guest sees: one `.equ` per id, error code, enum value, flag
 * bit and record field offset, and one macro per call. Derived here once for
 * the include, the docs and the conflict check.
 */
import { nameConflict } from '../errors.js';
import { SBI_ERRORS, SBI_ERROR_NAMES, sbiErrorSymbol } from '../sbi/errors.js';
import type { ElementSpec } from '../schema/elements.js';
import type { Extension, Hypercall } from '../schema/extension.js';

export interface AsmSymbol {
  readonly name: string;
  readonly value: number;
  readonly comment: string;
}

const up = (s: string) => s.toUpperCase();

/** `HC_CONSOLE_WRITE`. */
export const macroName = (call: Pick<Hypercall, 'name'>): string => `HC_${up(call.name)}`;
/** `SBI_EXT_DBCN`. */
export const eidSymbol = (ext: Pick<Extension, 'prefix' | 'name'>): string => `${ext.prefix}_EXT_${up(ext.name)}`;
/** `SBI_FID_CONSOLE_WRITE`. */
export const fidSymbol = (call: Pick<Hypercall, 'prefix' | 'name'>): string => `${call.prefix}_FID_${up(call.name)}`;
/** `SBI_RESET_TYPE_SHUTDOWN`. */
export const valueSymbol = (prefix: string, set: string, key: string): string => `${prefix}_${up(set)}_${up(key)}`;

/** The error-code symbols, shared by every include. */
export const errorSymbols = (): AsmSymbol[] =>
  SBI_ERROR_NAMES.map((n) => ({ name: sbiErrorSymbol(n), value: SBI_ERRORS[n].code, comment: SBI_ERRORS[n].doc }));

function elementSymbols(prefix: string, e: ElementSpec): AsmSymbol[] {
  if (e.kind !== 'struct') return [];
  return [
    ...Object.entries(e.fields).map(([f, spec]) => ({ name: valueSymbol(prefix, e.name, f), value: e.offsets[f], comment: `offset of ${f}: ${spec.doc}` })),
    { name: valueSymbol(prefix, e.name, 'size'), value: e.size, comment: `bytes per ${e.name}` },
    // A power-of-two size also gets its log2, so guest code can index an array with a shift.
    ...(e.size > 0 && (e.size & (e.size - 1)) === 0
      ? [{ name: valueSymbol(prefix, e.name, 'shift'), value: Math.log2(e.size), comment: `log2 of bytes per ${e.name}: entry i is at i << this` }]
      : []),
  ];
}

/** Every symbol of one extension, in a stable order (ids, then each call's values). */
export function extensionSymbols(ext: Extension): AsmSymbol[] {
  const out: AsmSymbol[] = [{ name: eidSymbol(ext), value: ext.eid, comment: `${ext.title} extension id` }];
  for (const c of ext.list) out.push({ name: fidSymbol(c), value: c.fid, comment: `${c.name} function id` });
  const seen = new Map(out.map((s) => [s.name, s.value]));
  for (const c of ext.list) {
    for (const a of Object.values(c.args)) {
      const more =
        a.kind === 'enum' ? Object.entries(a.values).map(([k, v]) => ({ name: valueSymbol(ext.prefix, a.name, k), value: v.value, comment: `${a.name}: ${v.doc}` }))
        : a.kind === 'flags' ? Object.entries(a.bits).map(([k, v]) => ({ name: valueSymbol(ext.prefix, a.name, k), value: v.value, comment: `${a.name} bit: ${v.doc}` }))
        : a.kind === 'ptr' ? elementSymbols(ext.prefix, a.elem)
        : [];
      for (const s of more) {
        const before = seen.get(s.name);
        // The same enum or record used by several calls is one set of symbols; two different ones may not share names.
        if (before !== undefined && before !== s.value) throw nameConflict(`extension '${ext.name}': ${s.name} would be both ${before} and ${s.value} (two enums, flag sets or records with one name)`);
        if (before === undefined) (seen.set(s.name, s.value), out.push(s));
      }
    }
  }
  // What the extension shares in memory, and its protocol's numbers.
  const shared = [
    ...(ext.layouts ?? []).flatMap((l) => elementSymbols(ext.prefix, l)),
    ...Object.entries(ext.constants ?? {}).map(([k, c]) => ({ name: `${ext.prefix}_${up(k)}`, value: c.value, comment: c.doc })),
  ];
  for (const s of shared) {
    const before = seen.get(s.name);
    if (before !== undefined && before !== s.value) throw nameConflict(`extension '${ext.name}': ${s.name} would be both ${before} and ${s.value}`);
    if (before === undefined) (seen.set(s.name, s.value), out.push(s));
  }
  return out;
}

/**
 * Check that the extensions' symbols and macros are distinct (a name may
 * repeat only with the same value). `origin` names where each came from.
 */
/** Names the include itself defines. */
export const RESERVED_SYMBOLS = ['PVLAB_HC_COMMON', 'HC_ARG'] as const;

export function checkSymbols(exts: readonly Extension[], origin: (e: Extension) => string): void {
  const owner = new Map<string, { value: number; ext: Extension }>();
  for (const s of errorSymbols()) owner.set(s.name, { value: s.value, ext: undefined as unknown as Extension });
  for (const name of RESERVED_SYMBOLS) owner.set(name, { value: NaN, ext: undefined as unknown as Extension });
  for (const ext of exts) {
    const file = origin(ext) === 'built-in' ? undefined : origin(ext);
    let symbols: AsmSymbol[];
    try {
      symbols = extensionSymbols(ext);
    } catch (e) {
      throw nameConflict((e as Error).message, file);
    }
    const own = [...symbols, ...ext.list.map((c) => ({ name: macroName(c), value: NaN, comment: '' }))];
    for (const s of own) {
      const prev = owner.get(s.name);
      if (prev && !(prev.value === s.value && prev.ext !== ext)) {
        const where = prev.ext ? `extension '${prev.ext.name}' (${origin(prev.ext)})` : 'the include itself (error codes, HC_ARG)';
        throw nameConflict(`extension '${ext.name}' defines ${s.name}, which ${where} already defines`, file);
      }
      owner.set(s.name, { value: s.value, ext });
    }
  }
}
