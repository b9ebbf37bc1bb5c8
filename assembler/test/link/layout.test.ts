import test from 'ava';
import {
  defaultLayout, layoutSections, outputSectionBytes, parseLinkerScript, type InputSection, type LayoutOptions, type LayoutResult,
} from '../../src/link/index.js';
import { RISCV_TESTS_LD, SCENARIOS } from './_helpers/scenarios.js';
import { mulberry32 as rng } from '../_helpers/prng.js';

type Kind = 'text' | 'rodata' | 'data' | 'bss';
const FLAGS: Record<Kind, InputSection['flags']> = {
  text: { alloc: true, write: false, exec: true },
  rodata: { alloc: true, write: false, exec: false },
  data: { alloc: true, write: true, exec: false },
  bss: { alloc: true, write: true, exec: false },
};
const sec = (file: string, name: string, size: number, align: number, kind: Kind): InputSection => ({
  file, name, size, align, flags: FLAGS[kind], nobits: kind === 'bss',
});

function layout(script: string, inputs: InputSection[], options?: LayoutOptions): LayoutResult {
  const parsed = parseLinkerScript(script, 'test.ld');
  if (parsed.diagnostics.length) throw new Error(parsed.diagnostics.map((d) => d.message).join('; '));
  return layoutSections(inputs, parsed.layout, options);
}

const addrs = (r: LayoutResult) => Object.fromEntries(r.outputs.map((o) => [o.name, [o.addr, o.size]]));
const messages = (r: LayoutResult) => r.diagnostics.map((d) => `${d.severity} ${d.line}:${d.column} ${d.message}`);

test("riscv-tests' link.ld: page-aligned .tohost, .text and .data; _end after .bss", (t) => {
  const r = layout(RISCV_TESTS_LD, [
    sec('crt.o', '.text.init', 0x40, 4, 'text'),
    sec('crt.o', '.tohost', 8, 64, 'data'),
    sec('main.o', '.text', 0x100, 4, 'text'),
    sec('main.o', '.data', 0x10, 8, 'data'),
    sec('main.o', '.bss', 0x20, 16, 'bss'),
  ]);
  t.deepEqual(r.diagnostics, []);
  t.deepEqual(addrs(r), {
    '.text.init': [0x80000000, 0x40], '.tohost': [0x80001000, 8], '.text': [0x80002000, 0x100],
    '.data': [0x80003000, 0x10], '.bss': [0x80003010, 0x20],
  });
  t.is(r.symbols.get('_end'), 0x80003030);
  t.is(r.entry, '_start');
  t.deepEqual(r.placements, [0x80000000, 0x80001000, 0x80002000, 0x80003000, 0x80003010]);
  t.like(r.outputs.find((o) => o.name === '.bss'), { nobits: true, flags: { alloc: true, write: true, exec: false }, align: 16 });
});

test('inputs are placed by file order within one statement, aligned to their own alignment', (t) => {
  const r = layout('SECTIONS { .t 0x100 : { *(.b .a) } }', [
    sec('x.o', '.a', 3, 1, 'text'), sec('x.o', '.b', 2, 1, 'text'), sec('y.o', '.b', 4, 8, 'text'), sec('y.o', '.a', 1, 1, 'text'),
  ]);
  t.deepEqual(r.placements, [0x100, 0x103, 0x108, 0x10c]);
  t.deepEqual(r.outputs[0].inputs, [0, 1, 2, 3]);
  t.is(r.outputs[0].align, 8);
});

test('an explicit unaligned address is kept; inputs are aligned inside it and sh_addralign is lowered', (t) => {
  const r = layout('SECTIONS { .t 0x1002 : { *(.t) } }', [sec('a.o', '.t', 4, 16, 'text')]);
  t.deepEqual(addrs(r), { '.t': [0x1002, 0x12] });
  t.is(r.placements[0], 0x1010);
  t.is(r.outputs[0].align, 2);
});

test('empty output sections are dropped unless they move dot; their symbols survive', (t) => {
  const r = layout('SECTIONS { . = 0x100; .a : { *(.a) } .none : { *(.none) } .sym : { s = .; } .pad : { . = ALIGN(16); } .b : { *(.b) } }', [
    sec('a.o', '.a', 4, 4, 'data'), sec('a.o', '.b', 4, 4, 'data'),
  ]);
  t.deepEqual(addrs(r), { '.a': [0x100, 4], '.pad': [0x104, 0xc], '.b': [0x110, 4] });
  t.is(r.symbols.get('s'), 0x104);
  t.like(r.outputs.find((o) => o.name === '.pad'), { nobits: true, flags: { write: true } });
});

test('MEMORY regions: attributes pick a region, dot outside sections does not move it, overflow is reported like ld', (t) => {
  const script = `MEMORY {
  ROM (rx) : ORIGIN = 0x1000, LENGTH = 0x100
  RAM (w!x) : ORIGIN = 0x8000, LENGTH = 0x40
}
SECTIONS {
  .text : { *(.text) } > ROM
  . = ALIGN(0x1000);
  .rodata : { *(.rodata) }
  .data : { *(.data) } > RAM
  .bss : { *(.bss) }
}`;
  const ok = layout(script, [sec('a.o', '.text', 0x10, 4, 'text'), sec('a.o', '.rodata', 4, 4, 'rodata'), sec('a.o', '.data', 8, 4, 'data'), sec('a.o', '.bss', 8, 4, 'bss')]);
  t.deepEqual(ok.diagnostics, []);
  t.deepEqual(addrs(ok), { '.text': [0x1000, 0x10], '.rodata': [0x1010, 4], '.data': [0x8000, 8], '.bss': [0x8008, 8] });

  const big = layout(script, [sec('a.o', '.text', 0x10, 4, 'text'), sec('a.o', '.data', 0x30, 4, 'data'), sec('a.o', '.bss', 0x20, 4, 'bss')]);
  t.deepEqual(messages(big), ["error 10:3 section `.bss' will not fit in region `RAM'", "error 3:3 region `RAM' overflowed by 16 bytes"]);
  t.is(big.diagnostics[0].sourceLine, '  .bss : { *(.bss) }');
});

test('an explicit address outside its region, an undeclared region, a section with no region', (t) => {
  const r = layout(`MEMORY { RAM : ORIGIN = 0x8000, LENGTH = 0x10 }
SECTIONS {
  .a 0x9000 : { *(.a) } > RAM
  .b : { *(.b) } > NOPE
  .c : { *(.c) }
}`, [sec('a.o', '.a', 4, 4, 'data'), sec('a.o', '.b', 4, 4, 'data'), sec('a.o', '.c', 4, 4, 'data')]);
  t.deepEqual(messages(r), [
    "warning 4:3 memory region `NOPE' not declared",
    "error 3:3 address 0x9004 of section `.a' is not within region `RAM'",
    "warning 5:3 no memory region specified for loadable section `.c'; placed at 0x0 (the default region), as GNU ld does",
  ]);
  t.deepEqual(addrs(r), { '.a': [0x9000, 4], '.b': [0, 4], '.c': [0, 4] });
});

test('NOLOAD makes a section .bss-like; SUBALIGN and ALIGN() override input and section alignment', (t) => {
  const r = layout('SECTIONS { . = 0x100; .n (NOLOAD) : { *(.n) } .s : SUBALIGN(8) { *(.s) } .al : ALIGN(0x40) { *(.al) } }', [
    sec('a.o', '.n', 4, 4, 'data'), sec('a.o', '.s', 3, 1, 'data'), sec('b.o', '.s', 3, 1, 'data'), sec('a.o', '.al', 1, 1, 'data'),
  ]);
  t.like(r.outputs[0], { name: '.n', nobits: true, addr: 0x100 });
  t.deepEqual(r.placements.slice(1, 3), [0x108, 0x110]);
  t.like(r.outputs[2], { name: '.al', addr: 0x140, align: 0x40 });
});

test('data statements, FILL and =fill record values and padding patterns', (t) => {
  const r = layout('SECTIONS { .t 0x100 : { LONG(0xdeadbeef) BYTE(1) . = ALIGN(4); QUAD(end) FILL(0x00ff) . += 2; } =0x11223344 end = .; }', []);
  const out = r.outputs[0];
  t.deepEqual(r.diagnostics, []);
  t.like(out, { name: '.t', addr: 0x100, size: 18, nobits: false, flags: { write: false } });
  t.deepEqual(out.data, [{ offset: 0, size: 4, value: 0xdeadbeefn }, { offset: 4, size: 1, value: 1n }, { offset: 8, size: 8, value: 0x112n }]);
  t.deepEqual(out.fills, [{ offset: 5, size: 3, pattern: [0x11, 0x22, 0x33, 0x44] }, { offset: 16, size: 2, pattern: [0x00, 0xff] }]);
});

test('/DISCARD/ drops sections; orphans follow sections of their kind; COMMON goes to .bss', (t) => {
  const r = layout('SECTIONS { . = 0x1000; .text : { *(.text) } .data : { *(.data) } .bss : { *(.bss) } /DISCARD/ : { *(.comment) } }', [
    sec('a.o', '.text', 4, 4, 'text'), sec('a.o', '.comment', 9, 1, 'rodata'), sec('a.o', '.text.x', 4, 4, 'text'),
    sec('a.o', '.rodata', 2, 1, 'rodata'), sec('a.o', '.data', 1, 1, 'data'), sec('a.o', 'COMMON', 8, 8, 'bss'), sec('a.o', '.bss', 1, 1, 'bss'),
  ]);
  t.is(r.placements[1], -1);
  t.deepEqual(r.outputs.map((o) => o.name), ['.text', '.text.x', '.rodata', '.data', '.bss']);
  // .bss takes COMMON's 8-byte alignment
  t.deepEqual(addrs(r)['.bss'], [0x1010, 0x10]);
  t.deepEqual(r.outputs.find((o) => o.name === '.bss')!.inputs, [6, 5]);
});

test('PROVIDE yields to program definitions; DEFINED sees only earlier assignments', (t) => {
  const r = layout('PROVIDE(foo = 1); PROVIDE_HIDDEN(bar = 2); a = DEFINED(b); b = 1; c = DEFINED(b); d = DEFINED(foo); e = DEFINED(prog);', [], {
    resolveSymbol: (n) => (n === 'foo' || n === 'prog' ? 0x42 : undefined),
  });
  t.deepEqual([...r.symbols], [['bar', 2], ['a', 0], ['b', 1], ['c', 1], ['d', 1], ['e', 1]]);
  t.like(r.scriptSymbols.find((s) => s.name === 'bar'), { provided: true, hidden: true, section: 'abs' });
});

test('script expressions may use program symbols, relative to their sections', (t) => {
  const inputs = [sec('a.o', '.text', 0x20, 4, 'text'), sec('a.o', '.data', 4, 4, 'data')];
  const r = layout('SECTIONS { . = 0x1000; .text : { *(.text) } . = _start + 0x100; .data : { *(.data) } after = main_end; }', inputs, {
    resolveSymbol: (n) => (n === '_start' ? { input: 0, offset: 4 } : n === 'main_end' ? { input: 0, offset: 0x20 } : undefined),
  });
  t.deepEqual(r.diagnostics, []);
  t.deepEqual(addrs(r), { '.text': [0x1000, 0x20], '.data': [0x1104, 4] });
  t.is(r.symbols.get('after'), 0x1020);
});

test('forward references settle over passes (SIZEOF of a later section, symbols assigned later)', (t) => {
  const r = layout('SECTIONS { . = 0x1000; x = SIZEOF(.b) + y; .a : { *(.a) } .b : { *(.b) } y = .; }', [sec('a.o', '.a', 4, 4, 'data'), sec('a.o', '.b', 0x10, 4, 'data')]);
  t.deepEqual(r.diagnostics, []);
  t.is(r.symbols.get('y'), 0x1014);
  t.is(r.symbols.get('x'), 0x1024);
});

test('the section of a value: numbers inside sections are offsets, absolute symbols become numbers', (t) => {
  const r = layout('abs_sym = 0x10; SECTIONS { . = 0x100; top = 0x20; .s : { . = 0x8; rel = 0x4; absolute = ABSOLUTE(0x4); via = abs_sym; kept = ABSOLUTE(abs_sym); off = ALIGN(., 16); LONG(0) } }', []);
  t.deepEqual(r.diagnostics, []);
  t.deepEqual(Object.fromEntries(r.symbols), { abs_sym: 0x10, top: 0x20, rel: 0x104, absolute: 0x4, via: 0x110, kept: 0x10, off: 0x110 });
  t.deepEqual(addrs(r), { '.s': [0x100, 0xc] });
});

test('layout errors are diagnostics with the statement location', (t) => {
  const r = layout('SECTIONS {\n  x = nosuch + 1;\n  .t 0x100 : { LONG(1) . = 0; }\n  y = 1 / 0;\n  ASSERT(. < 0x10, "image too big")\n}', []);
  t.deepEqual(messages(r), [
    "error 2:3 undefined symbol `nosuch' referenced in expression",
    'error 3:24 cannot move location counter backwards (from 0x104 to 0x100)',
    'error 4:3 / by zero',
    'error 5:3 image too big',
  ]);
});

test('ENTRY may be a number', (t) => {
  t.is(layout('ENTRY(0x80000000)', []).entry, 0x80000000);
});

test('defaultLayout: entry code first, then rodata, data, bss and _end, from base', (t) => {
  const l = defaultLayout(0x2000);
  t.is(l.entry, '_start');
  const r = layoutSections([
    sec('b.o', '.text', 8, 4, 'text'), sec('a.o', '.text.init', 4, 4, 'text'), sec('a.o', '.text', 4, 4, 'text'),
    sec('a.o', '.srodata', 4, 4, 'rodata'), sec('a.o', '.sdata', 2, 2, 'data'), sec('a.o', '.sbss', 4, 4, 'bss'), sec('a.o', 'COMMON', 16, 16, 'bss'),
  ], l);
  t.deepEqual(r.diagnostics, []);
  t.deepEqual(addrs(r), { '.text': [0x2000, 0x10], '.rodata': [0x2010, 4], '.data': [0x2014, 2], '.bss': [0x2020, 0x20] });
  // b.o comes first on the command line, so its .text precedes a.o's; .bss is 16-aligned for COMMON
  t.deepEqual(r.placements, [0x2004, 0x2000, 0x200c, 0x2010, 0x2014, 0x2020, 0x2030]);
  t.is(r.symbols.get('_end'), 0x2040);
  t.is(defaultLayout().statements[0].kind, 'assign');
});


test('random inputs against every scenario script never throw', (t) => {
  const rand = rng(7);
  const names = ['.text', '.text.init', '.data', '.bss', '.rodata', '.sdata', '.sbss', '.x', 'COMMON', '.tohost', 'trampsec', '.debug_line'];
  const kinds: Kind[] = ['text', 'rodata', 'data', 'bss'];
  for (const sc of SCENARIOS) {
    const parsed = parseLinkerScript(sc.script, sc.name);
    for (let i = 0; i < 25; i++) {
      const inputs = Array.from({ length: Math.floor(rand() * 10) }, () => ({
        ...sec(`f${Math.floor(rand() * 3)}.o`, names[Math.floor(rand() * names.length)], Math.floor(rand() * 0x300), 2 ** Math.floor(rand() * 7), kinds[Math.floor(rand() * 4)]),
        ...(rand() < 0.1 ? { flags: { alloc: false, write: false, exec: false } } : {}),
      }));
      t.notThrows(() => layoutSections(inputs, parsed.layout), `${sc.name} ${JSON.stringify(inputs)}`);
    }
  }
});

test('outputSectionBytes: inputs at their addresses, little-endian data, fill patterns, .bss empty', (t) => {
  const r = layout('SECTIONS { .t 0x100 : { *(.a) . = ALIGN(8); LONG(0x11223344) *(.b) SHORT(0xbeef) } =0xa5 .z : { *(.bss) } }', [
    sec('a.o', '.a', 3, 1, 'data'), sec('a.o', '.b', 2, 4, 'data'), sec('a.o', '.bss', 8, 4, 'bss'),
  ]);
  const inputs = [new Uint8Array([1, 2, 3]), new Uint8Array([9, 9])];
  t.deepEqual([...outputSectionBytes(r.outputs[0], r.placements, (i) => inputs[i])], [
    1, 2, 3, 0xa5, 0xa5, 0xa5, 0xa5, 0xa5, 0x44, 0x33, 0x22, 0x11, 9, 9, 0xef, 0xbe,
  ]);
  t.is(outputSectionBytes(r.outputs[1], r.placements, () => undefined).length, 0);
});
