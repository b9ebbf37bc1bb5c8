import test from 'ava';
import { parseLinkerScript, type Expr, type OutputSectionStatement } from '../../src/link/index.js';
import { RISCV_TESTS_LD, SCENARIOS } from './_helpers/scenarios.js';
import { mulberry32 as rng } from '../_helpers/prng.js';

const sections = (text: string) =>
  parseLinkerScript(text, 't.ld').layout.statements.filter((s): s is OutputSectionStatement => s.kind === 'section');

test("riscv-tests' link.ld parses without diagnostics, into the expected statements", (t) => {
  const { layout, diagnostics } = parseLinkerScript(RISCV_TESTS_LD, 'link.ld');
  t.deepEqual(diagnostics, []);
  t.is(layout.entry, '_start');
  t.deepEqual(
    layout.statements.map((s) => (s.kind === 'section' ? `${s.name}:${s.body.map((b) => (b.kind === 'input' ? `${b.file}(${b.sections.map((p) => p.pattern).join(' ')})` : b.kind)).join(',')}` : s.kind === 'assign' ? `${s.target}=` : s.kind)),
    ['.=', '.text.init:*(.text.init)', '.=', '.tohost:*(.tohost)', '.=', '.text:*(.text)', '.=', '.data:*(.data)', '.bss:*(.bss)', '_end='],
  );
  const first = layout.statements[0];
  t.deepEqual(first, { kind: 'assign', target: '.', expr: { kind: 'number', value: 0x80000000, hex: '80000000' }, loc: { file: 'link.ld', line: 6, column: 3, sourceLine: '  . = 0x80000000;' } });
});

test('every differential scenario parses cleanly', (t) => {
  for (const sc of SCENARIOS) t.deepEqual(parseLinkerScript(sc.script, sc.name).diagnostics, [], sc.name);
});

test('numbers: hex, octal, decimal, $hex, K and M suffixes, h/o/b/d suffixes', (t) => {
  const { layout, diagnostics } = parseLinkerScript('a = 0x1F; b = 017; c = 42; d = $1f; e = 4K; f = 2M; g = 0x10K; h = 1Fh; i = 17o; j = 101b; k = 99d; l = 0;', 't.ld');
  t.deepEqual(diagnostics, []);
  const values = layout.statements.map((s) => (s.kind === 'assign' && s.expr.kind === 'number' ? s.expr.value : NaN));
  t.deepEqual(values, [31, 15, 42, 31, 4096, 2 * 1024 * 1024, 16 * 1024, 31, 15, 5, 99, 0]);
});

test('operators follow C precedence; ?: is right associative', (t) => {
  const expr = (src: string): Expr => {
    const s = parseLinkerScript(`x = ${src};`, 't.ld').layout.statements[0];
    if (s.kind !== 'assign') throw new Error('not an assignment');
    return s.expr;
  };
  const show = (e: Expr): string => {
    switch (e.kind) {
      case 'number': return String(e.value);
      case 'symbol': return e.name;
      case 'dot': return '.';
      case 'unary': return `(${e.op}${show(e.operand)})`;
      case 'binary': return `(${show(e.left)} ${e.op} ${show(e.right)})`;
      case 'conditional': return `(${show(e.test)} ? ${show(e.then)} : ${show(e.else)})`;
      case 'call': return `${e.fn}(${e.args.map(show).join(', ')})`;
      case 'query': return `${e.fn}(${e.name})`;
    }
  };
  t.is(show(expr('1 + 2 * 3')), '(1 + (2 * 3))');
  t.is(show(expr('1 << 2 + 3')), '(1 << (2 + 3))');
  t.is(show(expr('a & b | c && d || e')), '((((a & b) | c) && d) || e)');
  t.is(show(expr('a == b < c')), '(a == (b < c))');
  t.is(show(expr('-~!x')), '(-(~(!x)))');
  t.is(show(expr('a ? b : c ? d : e')), '(a ? b : (c ? d : e))');
  t.is(show(expr('ALIGN(. + 4, 8) - SIZEOF(.text)')), '(ALIGN((. + 4), 8) - SIZEOF(.text))');
  t.is(show(expr('MAX(a, b) + MIN(1, 2) + ORIGIN(RAM) + LENGTH(RAM)')), '(((MAX(a, b) + MIN(1, 2)) + ORIGIN(RAM)) + LENGTH(RAM))');
  t.is(show(expr('BLOCK(16)')), 'ALIGN(16)');
  t.is(show(expr('DEFINED(__stack_size) ? __stack_size : 0x400')), '(DEFINED(__stack_size) ? __stack_size : 1024)');
  t.is(show(expr('CONSTANT(MAXPAGESIZE) + SIZEOF_HEADERS')), '(CONSTANT(MAXPAGESIZE) + SIZEOF_HEADERS())');
});

test('compound assignments desugar to a = a op b', (t) => {
  const s = parseLinkerScript('SECTIONS { . += 0x10; x <<= 2; }', 't.ld').layout.statements;
  t.like(s[0], { kind: 'assign', target: '.', expr: { kind: 'binary', op: '+', left: { kind: 'dot' }, right: { kind: 'number', value: 16 } } });
  t.like(s[1], { kind: 'assign', target: 'x', expr: { kind: 'binary', op: '<<', left: { kind: 'symbol', name: 'x' } } });
});

test('MEMORY regions with attributes, short spellings and REGION_ALIAS', (t) => {
  const { layout, diagnostics } = parseLinkerScript(`MEMORY {
    flash (rxai!w) : ORIGIN = 0x20000000, LENGTH = 512K
    ram (wxa!ri) : org = 0x80000000, len = 16K
    rom : o = 0, l = 1M
  }
  REGION_ALIAS("REGION_TEXT", flash)`, 'm.ld');
  t.deepEqual(diagnostics, []);
  t.deepEqual(layout.memory.map((m) => [m.name, m.attributes, m.origin, m.length]), [
    ['flash', 'rxai!w', { kind: 'number', value: 0x20000000, hex: '20000000' }, { kind: 'number', value: 512 * 1024 }],
    ['ram', 'wxa!ri', { kind: 'number', value: 0x80000000, hex: '80000000' }, { kind: 'number', value: 16 * 1024 }],
    ['rom', undefined, { kind: 'number', value: 0 }, { kind: 'number', value: 1024 * 1024 }],
  ]);
  t.deepEqual(layout.aliases, [{ alias: 'REGION_TEXT', region: 'flash' }]);
});

test('output section attributes: address, NOLOAD, ALIGN, SUBALIGN, region and fill', (t) => {
  const [a, b, c] = sections(`SECTIONS {
    .text 0x1000 : ALIGN(16) SUBALIGN(4) { *(.text) } > ROM =0x90909090
    .stack (NOLOAD) : { . += 0x800; } > RAM
    .x ALIGN(8) (NOLOAD) : { }
  }`);
  t.like(a, { name: '.text', address: { kind: 'number', value: 0x1000 }, align: { value: 16 }, subalign: { value: 4 }, region: 'ROM', fill: { kind: 'number', hex: '90909090' } });
  t.like(b, { name: '.stack', noload: true, region: 'RAM' });
  t.like(c, { name: '.x', noload: true, address: { kind: 'call', fn: 'ALIGN' } });
});

test('input section descriptions: KEEP, EXCLUDE_FILE in both places, nested SORT, bare files, COMMON', (t) => {
  const [s] = sections(`SECTIONS { .t : {
    KEEP(*(.init))
    EXCLUDE_FILE(*crtend.o) *(.ctors)
    *(EXCLUDE_FILE(a.o b.o) .data .data.*)
    *(SORT_BY_NAME(SORT_BY_ALIGNMENT(.sorted.*)))
    *(SORT(.a.*) .b)
    crt0.o
    lib*.a:foo.o(.text)
    *(COMMON)
  } }`);
  t.deepEqual(
    s.body.map((b) => (b.kind === 'input' ? { file: b.file, keep: b.keep, excludeFiles: b.excludeFiles, sections: b.sections } : b)),
    [
      { file: '*', keep: true, excludeFiles: undefined, sections: [{ pattern: '.init' }] },
      { file: '*', keep: undefined, excludeFiles: ['*crtend.o'], sections: [{ pattern: '.ctors' }] },
      { file: '*', keep: undefined, excludeFiles: undefined, sections: [{ pattern: '.data', excludeFiles: ['a.o', 'b.o'] }, { pattern: '.data.*' }] },
      { file: '*', keep: undefined, excludeFiles: undefined, sections: [{ pattern: '.sorted.*', sort: 'name-alignment' }] },
      { file: '*', keep: undefined, excludeFiles: undefined, sections: [{ pattern: '.a.*', sort: 'name' }, { pattern: '.b' }] },
      { file: 'crt0.o', keep: undefined, excludeFiles: undefined, sections: [] },
      { file: 'lib*.a:foo.o', keep: undefined, excludeFiles: undefined, sections: [{ pattern: '.text' }] },
      { file: '*', keep: undefined, excludeFiles: undefined, sections: [{ pattern: 'COMMON' }] },
    ],
  );
});

test('PROVIDE, PROVIDE_HIDDEN, HIDDEN, ASSERT and data statements', (t) => {
  const { layout, diagnostics } = parseLinkerScript(`SECTIONS {
    PROVIDE(a = 1); PROVIDE_HIDDEN(b = 2); HIDDEN(c = 3)
    ASSERT(a == 1, "a must be one")
    .d : { BYTE(1) SHORT(2) LONG(3) QUAD(4) SQUAD(5) FILL(0xff) CONSTRUCTORS }
  }`, 't.ld');
  t.deepEqual(diagnostics, []);
  t.like(layout.statements[0], { kind: 'assign', target: 'a', provide: true });
  t.like(layout.statements[1], { kind: 'assign', target: 'b', provide: true, hidden: true });
  t.like(layout.statements[2], { kind: 'assign', target: 'c', hidden: true });
  t.like(layout.statements[3], { kind: 'assert', message: 'a must be one' });
  const d = layout.statements[4] as OutputSectionStatement;
  t.deepEqual(d.body.map((b) => (b.kind === 'data' ? b.size : b.kind)), [1, 2, 4, 8, 8, 'fill']);
});

test('semicolons are optional where ld allows; comments anywhere', (t) => {
  const { layout, diagnostics } = parseLinkerScript('/* c */ ENTRY(x) SECTIONS { /* c */ . = 0x10 .a : { *(.a) } _e = . } /* end */', 't.ld');
  t.deepEqual(diagnostics, []);
  t.is(layout.statements.length, 3);
});

const diag = (text: string) => parseLinkerScript(text, 'bad.ld').diagnostics.map((d) => `${d.severity} ${d.line}:${d.column} ${d.message}`);

test('unsupported commands are located errors, not exceptions', (t) => {
  t.deepEqual(diag('PHDRS { text PT_LOAD; }\nSECTIONS { }'), ["error 1:1 `PHDRS' is not supported: program headers are derived from the sections"]);
  t.deepEqual(diag('INCLUDE other.ld'), ["error 1:1 `INCLUDE' is not supported: scripts must be self-contained"]);
  t.deepEqual(diag('SECTIONS {\n  .data : AT(0x100) { *(.data) }\n}'), ["error 2:11 `AT(...)' load addresses are not supported: `.data' is loaded at its run address"]);
  t.deepEqual(diag('SECTIONS {\n  .data : { *(.data) } > RAM AT> ROM\n}'), ["error 2:30 `AT>' load regions are not supported: `.data' is loaded at its run address"]);
  t.deepEqual(diag('SECTIONS { .t : { *(.t) } :text }'), ["error 1:33 program header assignment `:text' is not supported (PHDRS)"]);
  t.deepEqual(diag('SECTIONS { OVERLAY : { .a { *(.a) } } }'), ["error 1:12 `OVERLAY' is not supported: overlays need load addresses"]);
  t.deepEqual(diag('FROB(1)'), ["error 1:1 unknown command `FROB'"]);
  t.deepEqual(diag('SECTIONS { .x (COPY) : { } }'), ["error 1:16 output section type `COPY' is not supported"]);
  t.deepEqual(diag('x = DATA_SEGMENT_ALIGN(1, 2);'), ["error 1:5 `DATA_SEGMENT_ALIGN' is not supported: dynamic-linking segment functions are not supported"]);
  t.deepEqual(diag('x = FOO(1);'), ["error 1:5 unknown function `FOO'"]);
  t.deepEqual(diag('x = ALIGN(1, 2, 3);'), ["error 1:5 `ALIGN' takes 1 or 2 arguments, got 3"]);
});

test('syntax errors say what was expected, with file, line, column and source line', (t) => {
  const { diagnostics } = parseLinkerScript('SECTIONS {\n  .text : { *(.text) \n', 'broken.ld');
  t.true(diagnostics.length > 0);
  t.deepEqual(diagnostics[0], {
    severity: 'error', message: "expected `}' to close the output section, found end of file", file: 'broken.ld', line: 3, column: 1, sourceLine: '',
  });
  t.deepEqual(diag('x = 1 ^ 2;'), ["error 1:7 unexpected `^'"]);
  t.deepEqual(diag('/* never closed'), ['error 1:1 unterminated comment']);
  t.deepEqual(diag('x = ;'), ["error 1:5 expected an expression, found `;'"]);
  t.deepEqual(diag('MEMORY { RAM : ORIGIN = 0, LENGTH = 1 RAM : ORIGIN = 0, LENGTH = 1 }'), ["error 1:39 region `RAM' redefined"]);
});


test('garbage and mutated scripts never throw', (t) => {
  const rand = rng(42);
  const alphabet = 'SECTIONS MEMORY {}()[];:=,.*?>!"/ \n\tKEEP ALIGN PROVIDE 0x1 abc';
  for (let i = 0; i < 500; i++) {
    const text = Array.from({ length: Math.floor(rand() * 80) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
    t.notThrows(() => parseLinkerScript(text, 'fuzz.ld'), JSON.stringify(text));
  }
  for (const sc of SCENARIOS) {
    for (let i = 0; i < 60; i++) {
      const chars = [...sc.script];
      for (let k = 0; k < 3; k++) chars.splice(Math.floor(rand() * chars.length), Math.floor(rand() * 4), alphabet[Math.floor(rand() * alphabet.length)]);
      const text = chars.join('');
      t.notThrows(() => parseLinkerScript(text, 'fuzz.ld'), text);
    }
  }
});
