/** front/evaluate-now.ts: what names, `.`, local labels and %hi/%lo are worth during the first pass. */
import test from 'ava';
import { firstPassContext, labelNow, relocNow, type FirstPassScope } from '../../src/front/evaluate-now.js';
import { FragmentWriter } from '../../src/front/fragment-writer.js';
import { LocalLabels, newSymbol, type Sym } from '../../src/front/symbols.js';
import type { AlignFrag } from '../../src/front/sections.js';
import { evalText, expr } from './_helpers/first-pass.js';

const at = { file: 't.s', line: 3, column: 1, sourceLine: '' };

/** A scope over a FragmentWriter and a symbol map, as FileAssembler provides. */
function scope(): FirstPassScope & { w: FragmentWriter; symbols: Map<string, Sym> } {
  const w = new FragmentWriter('t.s', 4);
  w.switchSection('.text', 0);
  const symbols = new Map<string, Sym>();
  return {
    w,
    symbols,
    symbol: (name) => symbols.get(name) ?? (symbols.set(name, newSymbol(name)), symbols.get(name)!),
    locals: new LocalLabels(),
    at,
    get section() { return w.section; },
    get subsection() { return w.subsection; },
    provisionalEnd: () => w.provisionalEnd(),
  };
}

test('relocNow: %hi/%lo of a constant now, pc-relative ones later, unknown functions an error', (t) => {
  t.deepEqual(relocNow('hi', { v: 0x12345678 }, 0), { v: 0x12345 });
  t.deepEqual(relocNow('lo', { v: 0x12345678 }, 0), { v: 0x678 });
  t.deepEqual(relocNow('hi', { v: 0x800 }, 0), { v: 1 });
  t.deepEqual(relocNow('hi', { v: 4, base: '.text' }, 3), { unknown: true, col: 3 });
  t.deepEqual(relocNow('pcrel_hi', { v: 4 }, 3), { unknown: true, col: 3 });
  t.like(relocNow('got_pcrel_hi', { v: 4 }, 3), { col: 3 });
});

test('a name not seen yet is unknown and its first use is recorded', (t) => {
  const s = scope();
  const ctx = firstPassContext(s);
  t.deepEqual(evalText('later + 1', ctx), { unknown: true, col: 0 });
  t.like(s.symbols.get('later'), { kind: 'undef', firstUseAt: { file: 't.s', line: 3, column: 1 } });
});

test('.equ names evaluate through their expression; a definition in terms of itself is an error', (t) => {
  const s = scope();
  const ctx = firstPassContext(s);
  const k = s.symbol('K');
  k.kind = 'equ';
  k.constant = 40;
  const e = s.symbol('E');
  e.kind = 'equ';
  e.expr = expr('K + 2');
  t.deepEqual(evalText('E', ctx), { v: 42 });
  const loop = s.symbol('L');
  loop.kind = 'equ';
  loop.expr = expr('L + 1');
  t.like(evalText('L', ctx), { error: "symbol 'L' is defined in terms of itself" });
  t.deepEqual(evalText('E * 2', ctx), { v: 84 }, 'the cycle check leaves no trace behind');
});

test('labels and `.` are relative to the variable fragments before them: equal bases subtract exactly', (t) => {
  const s = scope();
  const ctx = firstPassContext(s);
  s.w.emitBytes([0, 0, 0, 0]);
  const a = s.symbol('a');
  s.w.placeLabel(a);
  t.deepEqual(labelNow(a), { v: 4, base: '.text#0#0' });
  t.deepEqual(evalText('.', ctx), { v: 4, base: '.text#0#0' });
  t.deepEqual(evalText('. - a', ctx), { v: 0 });
  const al: AlignFrag = { k: 'align', alignment: 16, fill: 0, fillSize: 1, maxSkip: Infinity, code: false, size: 0, offset: 0 };
  s.w.addFrag(al);
  s.w.emitBytes([0, 0]);
  const b = s.symbol('b');
  s.w.placeLabel(b);
  t.deepEqual(labelNow(b), { v: 6, base: '.text#0#1' }, 'after an alignment: a new base');
  t.deepEqual(evalText('b - a', ctx), { unknown: true, col: 2 }, 'not known until the alignment is sized');
});

test('local labels: a backward reference needs an earlier definition', (t) => {
  const s = scope();
  const ctx = firstPassContext(s);
  t.like(evalText('1b', ctx), { error: "backward reference to local label '1' that is not defined yet" });
  const name = s.locals.define(1);
  s.w.placeLabel(s.symbol(name));
  t.deepEqual(evalText('1b', ctx), { v: 0, base: '.text#0#0' });
});
