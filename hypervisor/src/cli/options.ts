/**
 * Command-line options, parsed one way for every command. Each command
 * declares a table of its options — flags, text, and for numbers, sizes and
 * addresses the range a value must lie in — and gets typed values back.
 * Every mistake is one `pvlab: COMMAND: …` line with exit code 2: an unknown
 * option, a missing value, a negative count (`--repeat -2` is a bad count,
 * not an unknown option `-2`), a size the board cannot have. Node's own
 * parseArgs runs in its lenient mode only to split the arguments into
 * tokens; the checks are here, so their wording is pvlab's.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './output.js';

/** One option of a command. */
export type OptionSpec =
  | { readonly kind: 'flag'; readonly short?: string }
  | { readonly kind: 'text'; readonly short?: string }
  | { readonly kind: 'texts'; readonly short?: string }
  | { readonly kind: 'count'; readonly short?: string; readonly min: number; readonly max: number; readonly why?: string }
  | { readonly kind: 'size'; readonly short?: string; readonly min: number; readonly max: number; readonly multipleOf: number }
  | { readonly kind: 'address'; readonly short?: string };

/** A command's options by long name. */
export type OptionTable = Readonly<Record<string, OptionSpec>>;

/** An on/off switch (`--stats`). */
export const flag = (short?: string) => ({ kind: 'flag', short }) as const;
/** A string (`--script FILE`). */
export const text = (short?: string) => ({ kind: 'text', short }) as const;
/** A string that may be given again and again (`-I DIR`). */
export const texts = (short?: string) => ({ kind: 'texts', short }) as const;
/** A whole number in [min, max] (`--vms N`); `why` explains the bounds when they are not obvious. */
export const count = (min: number, max: number, why?: string) => ({ kind: 'count', min, max, why }) as const;
/** A size in bytes with an optional K/M/G suffix (`--memory 128M`), in [min, max], a multiple of `multipleOf`. */
export const size = (min: number, max: number, multipleOf = 1) => ({ kind: 'size', min, max, multipleOf }) as const;
/** A 32-bit address, hexadecimal (0x…) or decimal (`--binary 0x80000000`). */
export const address = () => ({ kind: 'address' }) as const;

type ValueOf<S extends OptionSpec> = S extends { kind: 'flag' } ? boolean | undefined
  : S extends { kind: 'text' } ? string | undefined
  : S extends { kind: 'texts' } ? string[] | undefined
  : number | undefined;

/** The parsed values of a table's options (undefined when not given). */
export type OptionValues<T extends OptionTable> = { -readonly [K in keyof T]: ValueOf<T[K]> };

const plain = (n: number) => n.toLocaleString('en-US');

/** 65536 → '64K', 2^31 → '2G': sizes as the user writes them. */
export function formatSize(bytes: number): string {
  for (const [unit, scale] of [['G', 2 ** 30], ['M', 2 ** 20], ['K', 2 ** 10]] as const) if (bytes >= scale && bytes % scale === 0) return `${bytes / scale}${unit}`;
  return String(bytes);
}

/** What an option's value must be, for messages: "a whole number from 1 to 8". */
export function describe(spec: OptionSpec): string {
  switch (spec.kind) {
    case 'count':
      return `a whole number from ${plain(spec.min)} to ${plain(spec.max)}${spec.why ? ` (${spec.why})` : ''}`;
    case 'size':
      return `a size from ${formatSize(spec.min)} to ${formatSize(spec.max)}${spec.multipleOf > 1 ? ` in whole ${formatSize(spec.multipleOf)} pages` : ''}, such as 64M`;
    case 'address':
      return 'an address from 0 to 0xffffffff, such as 0x80000000';
    default:
      return 'a value';
  }
}

/** A whole number (digits, `_` allowed between them) in [min, max], else a usage error naming `what`. */
export function parseCount(command: string, what: string, value: string, min: number, max: number, why?: string): number {
  const n = /^\d[\d_]*$/.test(value.trim()) ? Number(value.trim().replace(/_/g, '')) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw bad(command, what, count(min, max, why), value);
  return n;
}

/** "128M", "1G", "65536" → bytes, in the spec's range. */
export function parseSize(command: string, what: string, value: string, spec: Extract<OptionSpec, { kind: 'size' }>): number {
  const m = /^(\d+)([KMG])?(?:i?B)?$/i.exec(value.trim());
  const n = m ? Number(m[1]) * 1024 ** ' KMG'.indexOf((m[2] ?? ' ').toUpperCase()) : NaN;
  if (!Number.isSafeInteger(n) || n < spec.min || n > spec.max || n % spec.multipleOf !== 0) throw bad(command, what, spec, value);
  return n;
}

function parseAddress(command: string, what: string, value: string): number {
  const v = value.trim();
  const n = /^0x[0-9a-f]+$/i.test(v) || /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n > 0xffff_ffff) throw bad(command, what, address(), value);
  return n;
}

const bad = (command: string, what: string, spec: OptionSpec, value: string) =>
  new UsageError(`${command}: ${what} needs ${describe(spec)}, not '${value}'`);

/**
 * Parse `argv` against `table`: the options' typed values and the other
 * arguments. `positionals: false` refuses any argument that is not an option.
 */
export function parseOptions<T extends OptionTable>(command: string, argv: readonly string[], table: T, positionals = true): { values: OptionValues<T>; positionals: string[] } {
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, s] of Object.entries(table)) options[name] = { type: s.kind === 'flag' ? 'boolean' : 'string', ...(s.short ? { short: s.short } : {}) };
  // Lenient mode only splits the arguments (and takes the next one as a value even when it starts with
  // '-', so '--repeat -2' reaches the range check below as '-2'); every check is pvlab's own.
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const values: Record<string, unknown> = {};
  const rest: string[] = [];
  const help = `(try: pvlab ${command} --help)`;
  for (const t of tokens) {
    if (t.kind === 'option-terminator') continue;
    if (t.kind === 'positional') {
      if (!positionals) throw new UsageError(`${command}: unexpected argument '${t.value}' ${help}`);
      rest.push(t.value);
      continue;
    }
    const spec = Object.hasOwn(table, t.name) ? table[t.name] : undefined;
    if (!spec) throw new UsageError(`${command}: unknown option '${t.rawName}' ${help}`);
    if (spec.kind === 'flag') {
      if (t.inlineValue) throw new UsageError(`${command}: ${t.rawName} takes no value`);
      values[t.name] = true;
      continue;
    }
    if (t.value === undefined) throw new UsageError(`${command}: ${t.rawName} needs ${describe(spec)}`);
    const v = t.value;
    switch (spec.kind) {
      case 'text': values[t.name] = v; break;
      case 'texts': values[t.name] = [...((values[t.name] as string[] | undefined) ?? []), v]; break;
      case 'count': values[t.name] = parseCount(command, t.rawName, v, spec.min, spec.max, spec.why); break;
      case 'size': values[t.name] = parseSize(command, t.rawName, v, spec); break;
      case 'address': values[t.name] = parseAddress(command, t.rawName, v); break;
    }
  }
  return { values: values as OptionValues<T>, positionals: rest };
}
