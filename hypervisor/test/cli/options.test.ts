/**
 * The command line's options, parsed one way (cli/options.ts): every
 * numeric, size and address option of every command, walked from the
 * commands' own tables, refuses bad values — negative numbers, words, out of
 * range, missing — with one `pvlab: COMMAND: …` line and exit code 2, never
 * Node's parseArgs text or an internal error. And the parser itself.
 */
import test from 'ava';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { count, describe, flag, formatSize, parseOptions, size, text, texts, type OptionSpec } from '../../src/cli/options.js';
import { UsageError } from '../../src/cli/output.js';

const CLI = join(import.meta.dirname, '../../dist/cli/main.js');
const pvlab = (args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', input: '' });

/** Values an option of this kind must refuse. */
function badValues(spec: OptionSpec): string[] {
  switch (spec.kind) {
    case 'count':
      return ['-1', '-5', 'lots', '1.5', '0x10', ...(spec.min > 0 ? [String(spec.min - 1)] : []), ...(spec.max < Number.MAX_SAFE_INTEGER ? [String(spec.max + 1)] : ['1e400'])];
    case 'size':
      return ['-1', 'lots', '12Q', ...(spec.min > 1024 ? ['1K'] : []), formatSize(spec.max * 2), ...(spec.multipleOf > 1 ? [String(spec.multipleOf + 1)] : [])];
    case 'address':
      return ['zzz', '-1', '0x100000000', '0x', '12ab'];
    default:
      return [];
  }
}

const numeric = Object.entries(COMMANDS).flatMap(([command, c]) =>
  Object.entries(c.options).filter(([, spec]) => badValues(spec).length > 0).map(([name, spec]) => ({ command, name, spec })));

test('the table covers every command\'s numbers and sizes', (t) => {
  const names = numeric.map((o) => `${o.command} --${o.name}`);
  for (const expected of ['boot --max-insns', 'boot --memory', 'boot --vms', 'run --max-insns', 'run --memory', 'run --binary', 'bench --repeat']) t.true(names.includes(expected), expected);
});

for (const { command, name, spec } of numeric) {
  test(`${command} --${name}: bad values are one line, exit 2`, (t) => {
    for (const value of badValues(spec)) {
      for (const args of [[command, `--${name}`, value], [command, `--${name}=${value}`]]) {
        const r = pvlab(args);
        t.is(r.status, 2, args.join(' '));
        t.is(r.stderr, `pvlab: ${command}: --${name} needs ${describe(spec)}, not '${value}'\n`, args.join(' '));
        t.is(r.stdout, '');
      }
    }
    const missing = pvlab([command, `--${name}`]);
    t.is(missing.status, 2);
    t.is(missing.stderr, `pvlab: ${command}: --${name} needs ${describe(spec)}\n`);
  });
}

test('every command refuses an unknown option and a value given to a flag in one line, exit 2', (t) => {
  for (const [command, c] of Object.entries(COMMANDS)) {
    const unknown = pvlab([command, '--no-such-option']);
    t.is(unknown.status, 2, command);
    t.is(unknown.stderr, `pvlab: ${command}: unknown option '--no-such-option' (try: pvlab ${command} --help)\n`);
    const [flagName] = Object.entries(c.options).find(([, s]) => s.kind === 'flag' && s.short === undefined) ?? ['help'];
    const valued = pvlab([command, `--${flagName}=yes`]);
    t.is(valued.status, 2, command);
    t.is(valued.stderr, `pvlab: ${command}: --${flagName} takes no value\n`);
  }
});

test('no command parses its arguments itself: every one goes through cli/options.ts', (t) => {
  const dir = join(import.meta.dirname, '../../src/cli/commands');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) t.notRegex(readFileSync(join(dir, file), 'utf8'), /\bparseArgs\b/, file);
});

const table = { n: count(1, 10), memory: size(4096, 2 ** 31, 4096), name: text('o'), dir: texts('I'), quiet: flag('q') } as const;

test('parseOptions: typed values, short forms, repeats, = forms, _ in numbers, K/M/G sizes, positionals', (t) => {
  const { values, positionals } = parseOptions('x', ['a.s', '-o', 'out', '--n=1_0', '--memory', '64M', '-I', 'p', '-I', 'q', '-q', '--', '-b.s'], table);
  t.deepEqual(values, { name: 'out', n: 10, memory: 64 << 20, dir: ['p', 'q'], quiet: true });
  t.deepEqual(positionals, ['a.s', '-b.s']);
  t.is(parseOptions('x', ['--memory', '2G'], table).values.memory, 2 ** 31);
  t.is(parseOptions('x', ['--memory', '4KiB'], table).values.memory, 4096);
});

test('parseOptions: each mistake is a UsageError (exit code 2) with its one line', (t) => {
  const cases: [string[], string][] = [
    [['--n', '-5'], "x: --n needs a whole number from 1 to 10, not '-5'"],
    [['--n', '11'], "x: --n needs a whole number from 1 to 10, not '11'"],
    [['--n'], 'x: --n needs a whole number from 1 to 10'],
    [['--memory', '1K'], "x: --memory needs a size from 4K to 2G in whole 4K pages, such as 64M, not '1K'"],
    [['--memory', '6000'], "x: --memory needs a size from 4K to 2G in whole 4K pages, such as 64M, not '6000'"],
    [['-z'], "x: unknown option '-z' (try: pvlab x --help)"],
    [['--quiet=1'], 'x: --quiet takes no value'],
    [['-o'], 'x: -o needs a value'],
  ];
  for (const [argv, message] of cases) {
    const e = t.throws(() => parseOptions('x', argv, table), { instanceOf: UsageError }, argv.join(' '));
    t.is(e?.message, message);
    t.is(e?.exitCode, 2);
  }
  t.throws(() => parseOptions('x', ['extra'], table, false), { message: "x: unexpected argument 'extra' (try: pvlab x --help)" });
});
