/**
 * emit/link.ts: files placed by a layout, symbols resolved across files
 * (strong over weak, duplicates refused), every section written, the entry
 * point chosen.
 */
import test from 'ava';
import { DiagnosticBag } from '../../src/diagnostics/diagnostic.js';
import { link } from '../../src/emit/link.js';
import { FileAssembler } from '../../src/front/file-assembler.js';
import { defaultLayout, parseLinkerScript } from '../../src/link/index.js';
import { memoryFs } from '../front/_helpers/first-pass.js';

function files(texts: Record<string, string>, diags: DiagnosticBag): FileAssembler[] {
  return Object.entries(texts).map(([path, text]) => {
    const fa = new FileAssembler(path, diags, { includePaths: [], defsym: {}, fs: memoryFs(), listing: false });
    fa.run(text);
    fa.finish();
    return fa;
  });
}
const word = (data: Uint8Array, at: number) => new DataView(data.buffer, data.byteOffset).getUint32(at, true);

test('sections of several files are placed in order and symbols resolve across them', (t) => {
  const diags = new DiagnosticBag();
  const r = link(files({
    'a.s': '.globl _start\n_start: call f\n.data\nx: .word g',
    'b.s': '.globl f, g\nf: ret\n.data\ng: .word 7',
  }, diags), defaultLayout(0x1000), diags)!;
  t.deepEqual(diags.items, []);
  t.deepEqual(r.sections.map((s) => [s.name, s.addr, s.size]), [['.text', 0x1000, 12], ['.data', 0x100c, 8]]);
  t.is(r.entry, 0x1000);
  const text = r.sections[0].data;
  t.is(word(text, 0), 0x00000097, 'auipc ra, 0');
  t.is(word(text, 4), 0x008080e7, 'jalr ra, 8(ra): f is 8 bytes on');
  t.is(word(r.sections[1].data, 0), 0x1010, 'x holds the address of g');
  t.deepEqual(r.symbols.filter((s) => s.bind === 'global').map((s) => [s.name, s.value, s.file]).sort(), [['_end', 0x1014, '<layout>'], ['_start', 0x1000, 'a.s'], ['f', 0x1008, 'b.s'], ['g', 0x1010, 'b.s']]);
});

test('a strong definition wins over a weak one; two strong ones are an error naming both files', (t) => {
  const diags = new DiagnosticBag();
  const r = link(files({ 'a.s': '.weak f\n.globl _start\n_start: j f\nf: nop', 'b.s': '.globl f\nnop\nf: ret' }, diags), defaultLayout(0), diags)!;
  t.is(r.symbols.find((s) => s.name === 'f')!.file, 'b.s');
  t.is(word(r.sections[0].data, 0), 0x00c0006f, 'j f goes to b.s\'s f at 12');
  const d2 = new DiagnosticBag();
  link(files({ 'a.s': '.globl f, _start\n_start:\nf: nop', 'b.s': '.globl f\nf: nop' }, d2), defaultLayout(0), d2);
  t.deepEqual(d2.items.map((d) => d.message), ["symbol 'f' is defined in more than one file (also in a.s:3)"]);
});

test('an undefined weak symbol is zero; a call to it links as ld does (jalr to address 0)', (t) => {
  const diags = new DiagnosticBag();
  const r = link(files({ 'a.s': '.weak w\n.globl _start\n_start: call w\n.word w' }, diags), defaultLayout(0x100), diags)!;
  t.deepEqual(diags.items, []);
  t.is(word(r.sections[0].data, 4) & 0xf8000, 0, 'the jalr base register is zero');
  t.is(word(r.sections[0].data, 8), 0);
});

test('the entry: the layout\'s ENTRY symbol, a number, or the first code section with a warning', (t) => {
  const d = new DiagnosticBag();
  const script = (entry: string) => parseLinkerScript(`ENTRY(${entry})\nSECTIONS { .text 0x2000 : { *(.text) } }`, 'l.ld').layout;
  t.is(link(files({ 'a.s': 'nop\n.globl go\ngo: nop' }, d), script('go'), d)!.entry, 0x2004);
  t.is(link(files({ 'a.s': 'nop' }, d), script('0x2000'), d)!.entry, 0x2000);
  t.deepEqual(d.items, []);
  link(files({ 'a.s': 'nop' }, d), script('missing'), d);
  t.deepEqual(d.items.map((x) => x.message), ["entry symbol 'missing' is not defined; starting at 0x2000"]);
});
