/**
 * ISA strings (`-march=rv32imac_zicsr_zifencei`, `.option arch, +c`, the
 * `Tag_RISCV_arch` attribute), for the extensions pvlab knows: RV32I with
 * M, A, C, Zicsr, Zifencei and Zmmul (which M implies). Parsed the way GNU
 * binutils 2.40 parses them (riscv_parse_subset) and written back in its
 * canonical form, `rv32i2p1_m2p0_a2p1_c2p0_zicsr2p0_zifencei2p0_zmmul1p0`,
 * which is what GNU as records in `.riscv.attributes`.
 *
 * Canonical order (unprivileged specification, "ISA Extension Naming
 * Conventions"): the base, the single-letter extensions in the order
 * `mafdqlcbkjtpvnh`, then the multi-letter ones, `z` first, ordered by the
 * single-letter extension their second letter names and then by name.
 */

/** The extensions pvlab can assemble, with the version GNU 2.40 records for each by default. */
export const KNOWN_EXTENSIONS = {
  i: '2p1', m: '2p0', a: '2p1', c: '2p0', zicsr: '2p0', zifencei: '2p0', zmmul: '1p0',
} as const;

export type ArchExtension = keyof typeof KNOWN_EXTENSIONS;

/** An architecture: RV32 and a set of extensions, each with its version. */
export interface Arch {
  readonly extensions: ReadonlyMap<ArchExtension, string>;
}

const SINGLE_ORDER = 'iemafdqlcbkjtpvnh';
const UNSUPPORTED_LETTERS: Readonly<Record<string, string>> = {
  e: 'the E base (16 registers)', f: 'F (single-precision floating point)', d: 'D (double-precision floating point)',
  q: 'Q (quad-precision floating point)', v: 'V (vectors)', h: 'H (the hypervisor extension)', b: 'B (bit manipulation)',
};

/** The default architecture of pvlab's assembler: what its guest kernel and tests are built for. */
export const DEFAULT_ARCH_STRING = 'rv32ima_zicsr_zifencei';

const order = (e: string): [number, number, string] => {
  if (e.length === 1) return [0, SINGLE_ORDER.indexOf(e), e];
  // z-extensions first among the multi-letter ones, by the letter after `z`, then by name.
  return [e[0] === 'z' ? 1 : 2, SINGLE_ORDER.indexOf(e[1]), e];
};
const byCanonical = (a: string, b: string): number => {
  const [x, y] = [order(a), order(b)];
  return x[0] - y[0] || x[1] - y[1] || (x[2] < y[2] ? -1 : x[2] > y[2] ? 1 : 0);
};

/** The result of parsing: an architecture, or the reason there is none. */
export type ArchResult = { readonly arch: Arch; readonly error?: undefined } | { readonly arch?: undefined; readonly error: string };

/** Add what an extension implies (GNU 2.40: M implies Zmmul; I version 2.0 includes Zicsr and Zifencei). */
function withImplied(exts: Map<ArchExtension, string>): Map<ArchExtension, string> {
  if (exts.has('m') && !exts.has('zmmul')) exts.set('zmmul', KNOWN_EXTENSIONS.zmmul);
  if (exts.get('i') === '2p0') {
    if (!exts.has('zicsr')) exts.set('zicsr', KNOWN_EXTENSIONS.zicsr);
    if (!exts.has('zifencei')) exts.set('zifencei', KNOWN_EXTENSIONS.zifencei);
  }
  return exts;
}

/** `2p1`, `2`, or nothing after an extension name: its version, normalised to `MpN`. */
function version(text: string): string | undefined {
  const m = /^(\d+)(?:p(\d+))?$/.exec(text);
  return m ? `${m[1]}p${m[2] ?? '0'}` : undefined;
}

/** Parse a full ISA string: `rv32imac_zicsr_zifencei`, `rv32i2p1_m2p0_c2p0`, `rv32gc`. */
export function parseArch(text: string): ArchResult {
  const s = text.trim().toLowerCase();
  const base = /^rv(32|64|128)([ieg])(.*)$/.exec(s);
  if (!base) return { error: `'${text}' is not an ISA string: it must start with rv32i (rv32ima_zicsr_zifencei, rv32imac, …)` };
  if (base[1] !== '32') return { error: `'${text}': pvlab assembles RV32 only` };
  if (base[2] === 'e') return { error: `'${text}': ${UNSUPPORTED_LETTERS.e} is not supported` };
  if (base[2] === 'g') return { error: `'${text}': G includes F and D, which pvlab does not assemble (use rv32ima_zicsr_zifencei)` };
  const exts = new Map<ArchExtension, string>();
  // The base letter and its version, then single letters with versions, then `_`-separated names.
  let rest = base[3];
  const iv = /^(\d+(?:p\d+)?)?/.exec(rest)![0];
  exts.set('i', iv ? version(iv)! : KNOWN_EXTENSIONS.i);
  rest = rest.slice(iv.length);
  let last = SINGLE_ORDER.indexOf('i');
  while (rest.length > 0) {
    if (rest[0] === '_') {
      rest = rest.slice(1);
      continue;
    }
    const m = /^(z[a-z]+|s[a-z]+|x[a-z]+|[a-z])(\d+(?:p\d+)?)?/.exec(rest);
    if (!m) return { error: `'${text}': cannot read '${rest}'` };
    const [whole, name, ver] = m;
    // Multi-letter names run to an underscore or the end (a version may end them).
    if (name.length > 1 && rest[whole.length] !== undefined && rest[whole.length] !== '_') {
      return { error: `'${text}': '${name}' must be followed by '_' or the end` };
    }
    if (name.length === 1) {
      const at = SINGLE_ORDER.indexOf(name);
      if (at < 0) return { error: `'${text}': unknown extension '${name}'` };
      if (at <= last) return { error: `'${text}': '${name}' is out of canonical order (${SINGLE_ORDER})` };
      last = at;
    }
    if (!(name in KNOWN_EXTENSIONS)) {
      const why = UNSUPPORTED_LETTERS[name] ?? `'${name}'`;
      return { error: `'${text}': ${why} is not supported (pvlab knows ${Object.keys(KNOWN_EXTENSIONS).join(', ')})` };
    }
    if (exts.has(name as ArchExtension)) return { error: `'${text}': '${name}' appears twice` };
    exts.set(name as ArchExtension, ver ? version(ver)! : KNOWN_EXTENSIONS[name as ArchExtension]);
    rest = rest.slice(whole.length);
  }
  return { arch: { extensions: withImplied(exts) } };
}

/** The canonical string GNU as 2.40 records for an architecture. */
export function archString(arch: Arch): string {
  const names = [...arch.extensions.keys()].sort(byCanonical);
  return 'rv32' + names.map((n, i) => `${i === 0 ? '' : '_'}${n}${arch.extensions.get(n)}`).join('');
}

/** Whether an architecture has an extension. */
export const hasExtension = (arch: Arch, ext: ArchExtension): boolean => arch.extensions.has(ext);

/**
 * Apply `.option arch, +c, -m, …` (GNU 2.40): `+name[version]` adds an
 * extension (and what it implies), `-name` removes one; a full ISA string
 * replaces the architecture.
 */
export function changeArch(arch: Arch, text: string): ArchResult {
  const parts = text.split(',').map((p) => p.trim()).filter(Boolean);
  if (parts.length === 1 && /^rv/i.test(parts[0])) return parseArch(parts[0]);
  const exts = new Map(arch.extensions);
  for (const p of parts) {
    const m = /^([+-])([a-z]+?)(\d+(?:p\d+)?)?$/i.exec(p);
    if (!m) return { error: `'.option arch, ${text}': use +ext, -ext or a full ISA string (rv32imac)` };
    const name = m[2].toLowerCase();
    if (!(name in KNOWN_EXTENSIONS)) {
      const why = UNSUPPORTED_LETTERS[name] ?? `'${name}'`;
      return { error: `'.option arch, ${text}': ${why} is not supported (pvlab knows ${Object.keys(KNOWN_EXTENSIONS).join(', ')})` };
    }
    if (m[1] === '+') exts.set(name as ArchExtension, m[3] ? version(m[3])! : KNOWN_EXTENSIONS[name as ArchExtension]);
    else if (name === 'i') return { error: `'.option arch, ${text}': the base I cannot be removed` };
    else exts.delete(name as ArchExtension);
  }
  return { arch: { extensions: withImplied(exts) } };
}

/**
 * The architecture of a linked program: every extension of its files (as
 * GNU ld merges their Tag_RISCV_arch attributes), the first file's version
 * where two disagree.
 */
export function mergeArch(archs: readonly Arch[]): Arch {
  const exts = new Map<ArchExtension, string>();
  for (const a of archs) for (const [e, v] of a.extensions) if (!exts.has(e)) exts.set(e, v);
  return { extensions: exts };
}
