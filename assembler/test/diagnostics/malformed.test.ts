/**
 * Malformed inputs: each gives its own clear diagnostic at the right place,
 * never an exception. One case per kind of mistake.
 */
import test from 'ava';
import { assemble } from '@pvlab/assembler';

const fs = (files: Record<string, string>) => ({
  read: (p: string) => files[p],
  resolveInclude: (name: string) => (name in files ? name : undefined),
});

// [name, source, expected message (substring), line, column]
const CASES: [string, string, string, number, number][] = [
  ['unknown instruction', '  addd a0, a1, a2', "unknown instruction 'addd' (did you mean 'add'?)", 1, 3],
  ['unknown directive', '.wrod 1', "unknown directive '.wrod' (did you mean '.word'?)", 1, 1],
  ['register out of range', 'add a0, a1, x32', "bad register 'x32'", 1, 13],
  ['upper-case register', 'add A0, a1, a2', "register names are lower case ('a0')", 1, 5],
  ['immediate out of range', 'addi a0, a0, 4096', 'immediate 4096 out of range for a 12-bit signed immediate (-2048..2047)', 1, 14],
  ['undefined symbol', 'j nowhere', "undefined symbol 'nowhere'", 1, 3],
  ['duplicate label', 'a:\na: nop', "symbol 'a' is already defined", 2, 1],
  ['misaligned jump target', 'j 3', 'jump target is not 2-byte aligned', 1, 3],
  ['macro recursion', '.macro m\n m\n.endm\n m', 'macro expansion nested too deeply', 2, 1],
  ['unterminated .if', '.if 1\nnop', 'unterminated .if: missing .endif', 1, 1],
  ['unterminated .macro', '.macro m\nnop', 'unterminated .macro: missing .endm', 1, 1],
  ['include not found', '.include "nope.s"', "include file 'nope.s' not found", 1, 10],
  ['.endif without .if', '.endif', '.endif without .if', 1, 1],
  ['.else without .if', '.else', '.else without .if', 1, 1],
  ['.endm without .macro', '.endm', '.endm without .macro', 1, 1],
  ['.endr without .rept', '.endr', '.endr without .rept', 1, 1],
  ['syntax error', 'add a0,,a1', "syntax error in operands: unexpected ','", 1, 8],
  ['invalid character', 'add a0, a1, `', "invalid character '`'", 1, 13],
  ['wrong operand count', 'add a0, a1', "invalid operands for 'add'", 1, 5],
  ['jump out of range', 'j far\n.space 0x200000\nfar: nop', 'jump target out of range', 1, 3],
  ['.option arch with F', '.option arch, +f', "F (single-precision floating point) is not supported", 1, 9],
  ['c.* without C', 'c.addi a0, 1', "'c.addi' needs extension 'c', which the architecture rv32i2p1_m2p0_a2p1_zicsr2p0_zifencei2p0_zmmul1p0 does not have", 1, 1],
  ['c.lw with a register outside x8..x15', '.option rvc\nc.lw t0, 4(a1)', "invalid operands for 'c.lw': the register must be one of x8..x15", 2, 6],
  ['c.addi16sp misaligned', '.option rvc\nc.addi16sp sp, 8', "invalid operands for 'c.addi16sp': immediate 8 is not -512..496, a multiple of 16", 2, 16],
  ['c.lui written as a negative number', '.option rvc\nc.lui a0, -1', "invalid operands for 'c.lui': immediate -1 is not 1..0x1f or 0xfffe0..0xfffff", 2, 11],
  ['reserved c.lwsp', '.option rvc\nc.lwsp zero, 0(sp)', "invalid operands for 'c.lwsp': that is a reserved encoding", 2, 1],
  ['c.jalr zero is c.ebreak', '.option rvc\nc.jalr zero', "invalid operands for 'c.jalr': that halfword is c.ebreak", 2, 1],
  ['c.li of a symbol', '.option rvc\nc.li a0, later\nlater:', "invalid operands for 'c.li': the immediate must be a constant known here", 2, 10],
  ['la under .option pic', '.option pic\nla a0, x\nx:', "'la' under .option pic loads the address from the GOT", 2, 1],
  ['.option pop without push', '.option pop', '.option pop without .option push', 1, 9],
  ['.attribute arch after code', 'nop\n.attribute arch, "rv32imac"', '.attribute arch must come before any instruction', 2, 1],
  ['.insn without format', '.insn', '.insn needs a format', 1, 6],
  ['.insn length and value disagree', '.insn 4, 0x0001', '.insn value 0x1 conflicts with instruction length 4', 1, 10],
  ['.insn compressed format', '.insn cr 2, 9, a0, a1', '.insn cr: the compressed formats are not supported', 1, 7],
  ['li of an address', 'x: li a0, x', "'li' needs a constant", 1, 11],
  ['lui out of range', 'lui a0, 0x100000', 'out of range for a 20-bit upper immediate', 1, 9],
  ['shift amount', 'slli a0, a0, 32', 'out of range for a shift amount', 1, 14],
  ['unknown CSR', 'csrr a0, mstatuss', "unknown CSR 'mstatuss' (did you mean 'mstatus'?)", 1, 10],
  ['CSR number out of range', 'csrr a0, 4096', 'out of range for a CSR number', 1, 10],
  ['CSR immediate out of range', 'csrwi mstatus, 32', 'out of range for a 5-bit CSR immediate', 1, 16],
  ['division by zero', '.word 1/0', 'division by zero', 1, 8],
  ['negative .fill', '.fill -1', '.fill repeat count is negative', 1, 7],
  ['.space not constant', '.space undefined_thing', '.space/.fill count is not a constant', 1, 8],
  ['.balign not a power of 2', '.balign 3', 'alignment 3 is not a power of 2', 1, 9],
  ['.equiv redefinition', '.equiv a, 1\n.equiv a, 2', "symbol 'a' is already defined", 2, 8],
  ['.set of a label', 'a: nop\n.set a, 1', "symbol 'a' is already defined", 2, 6],
  ['missing required macro argument', '.macro m x:req\n.endm\nm', "missing value for required parameter 'x'", 3, 1],
  ['too many macro arguments', '.macro m x\n.endm\nm 1, 2', 'too many arguments to macro', 3, 1],
  ['bad macro parameter', '.macro m x:foo\n.endm', 'invalid macro parameter', 1, 7],
  ['.err', '.err', '.err encountered', 1, 1],
  ['.error', '.error "custom message"', 'custom message', 1, 1],
  ['.section without a name', '.section', '.section needs a section name', 1, 9],
  ['.popsection without push', '.popsection', '.popsection without .pushsection', 1, 1],
  ['data in .bss', '.bss\n.word 1', "attempt to store non-zero value in section '.bss'", 2, 7],
  ['instruction in .bss', '.bss\nnop', 'instruction in a NOBITS section', 2, 1],
  ['load from a constant address', 'lw a0, 4', "invalid operands for 'lw': 'lw rd, symbol' needs a symbol, not a constant", 1, 8],
  ['TLS address pseudo', 'la.tls.ie a0, x', "'la.tls.ie' is not supported: thread-local storage (initial exec) needs a GOT", 1, 1],
  ['backward local label', 'j 1b', 'backward reference to local label', 1, 3],
  ['forward local label never defined', 'j 1f', "undefined symbol '1f (numeric local label)'", 1, 3],
  ['unknown symbol type', '.type f, @banana', "unknown symbol type 'banana'", 1, 10],
  ['.if not constant', '.if later\n.endif\nlater:', '.if condition must be a constant', 1, 5],
  ['bad fence set', 'fence rw, x', "invalid fence set 'x'", 1, 11],
  ['circular .equ', '.equ a, b\n.equ b, a\n.word a', 'defined in terms of itself', 3, 9],
  ['unknown relocation', 'addi a0, a0, %foo(x)', "unknown relocation function '%foo'", 1, 14],
  ['string as a number', 'addi a0, a0, "x"', 'a string is not a number here', 1, 14],
  ['unknown section flag', '.section .x, "q"', "unknown section flag 'q'", 1, 14],
  ['.exitm outside a macro', '.exitm', '.exitm outside a macro', 1, 1],
  ['unknown .option', '.option fast', "unknown .option 'fast'", 1, 9],
  ['.include without quotes', '.include nope', '.include needs a file name in double quotes', 1, 9],
];

for (const [name, source, message, line, column] of CASES) {
  test(`malformed: ${name}`, (t) => {
    const r = assemble([{ path: 'bad.s', text: source + '\n' }], { layout: 'SECTIONS { . = 0x80000000; .text : { *(.text) } .data : { *(.data) } .bss : { *(.bss) } }' });
    t.false(r.ok, 'assembly must fail');
    const d = r.diagnostics.find((x) => x.severity === 'error' && x.message.includes(message));
    t.truthy(d, `expected "${message}", got:\n${r.formatDiagnostics()}`);
    t.is(`${d!.line}:${d!.column}`, `${line}:${column}`, r.formatDiagnostics());
  });
}

test('there are at least 50 distinct kinds of malformed input', (t) => {
  t.true(new Set(CASES.map((c) => c[2])).size >= 50);
});

test('a diagnostic shows the source line and a caret under the column', (t) => {
  const r = assemble([{ path: 'x.s', text: 'nop\n  addi a0, a0, 5000\n' }]);
  t.is(r.formatDiagnostics(), [
    'x.s:2:16: error: immediate 5000 out of range for a 12-bit signed immediate (-2048..2047)',
    '   addi a0, a0, 5000',
    '                ^',
  ].join('\n'));
});

test('every error of a run is reported, in source order', (t) => {
  const r = assemble([{ path: 'x.s', text: 'addd a0\nnop\nslli a0, a0, 99\n.wrod 3\n' }]);
  t.deepEqual(r.diagnostics.map((d) => d.line), [1, 3, 4]);
});

test('--Werror turns warnings into errors', (t) => {
  const text = '.warning "careful"\n';
  t.true(assemble([{ path: 'w.s', text }]).ok);
  t.false(assemble([{ path: 'w.s', text }], { werror: true }).ok);
});

test('include cycles are reported', (t) => {
  const r = assemble([{ path: 'a.s' }], { fs: fs({ 'a.s': '.include "b.s"\n', 'b.s': '.include "a.s"\n' }) });
  t.true(r.diagnostics.some((d) => d.message.includes("include cycle: 'a.s'")), r.formatDiagnostics());
});

test('duplicate global symbols across files are reported', (t) => {
  const r = assemble([{ path: 'a.s', text: '.globl f\nf: ret\n' }, { path: 'b.s', text: '.globl f\nf: ret\n' }]);
  t.true(r.diagnostics.some((d) => d.message.includes("symbol 'f' is defined in more than one file")), r.formatDiagnostics());
});
