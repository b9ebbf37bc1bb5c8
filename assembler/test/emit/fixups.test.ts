/**
 * emit/fixups.ts: the final pass over placed sections — values of deferred
 * expressions, %pcrel_hi/%pcrel_lo pairs, both branch forms, range checks,
 * code padding — and the names it shows for internal labels.
 */
import test from 'ava';
import { DiagnosticBag } from '../../src/diagnostics/diagnostic.js';
import { displayName, FinalPass, type GlobalScope } from '../../src/emit/fixups.js';
import { FileAssembler } from '../../src/front/file-assembler.js';
import { LocalLabels } from '../../src/front/symbols.js';
import { expr, memoryFs } from '../front/_helpers/first-pass.js';
import { parseArch } from '../../src/isa/index.js';
import { disassembleCompressed, disassembleWord } from '../../src/disasm/index.js';

const NO_GLOBALS: GlobalScope = { lookup: () => undefined, isWeakUndefined: () => false };

/** One file, its sections placed one after another from `base`, labels given their addresses. */
function placed(text: string, base = 0x1000, globals = NO_GLOBALS, march?: string) {
  const diags = new DiagnosticBag();
  const fa = new FileAssembler('t.s', diags, { includePaths: [], defsym: {}, fs: memoryFs(), listing: false, arch: march ? parseArch(march).arch : undefined });
  fa.run(text);
  fa.finish();
  let at = base;
  for (const s of fa.sections.values()) {
    s.addr = at;
    at += s.size;
  }
  for (const s of fa.symbols.values()) if (s.kind === 'label') s.value = s.section!.addr + s.frag!.offset + s.fragOffset;
  const pass = new FinalPass(fa, globals);
  const write = (name = '.text') => {
    const s = fa.sections.get(name)!;
    const out = new Uint8Array(s.size);
    pass.writeSection(s, out);
    return Array.from({ length: s.size >> 2 }, (_, i) => new DataView(out.buffer).getUint32(i * 4, true).toString(16).padStart(8, '0'));
  };
  return { fa, diags, pass, write, messages: () => diags.items.map((d) => `${d.line}: ${d.message}`) };
}

test('value(): labels, globals, %hi/%lo and ., at a given pc', (t) => {
  const { pass } = placed('nop\nhere: nop', 0x1000, { lookup: (n) => (n === 'ext' ? 0x12345678 : undefined), isWeakUndefined: () => false });
  const at = { file: 't.s', line: 1, column: 1 };
  t.is(pass.value(expr('here + 4'), 0, at), 0x1008);
  t.is(pass.value(expr('%hi(ext)'), 0, at), 0x12345);
  t.is(pass.value(expr('%lo(ext)'), 0, at), 0x678);
  t.is(pass.value(expr('. - here'), 0x1010, at), 0xc);
});

test('a %pcrel_lo finds the offset its %pcrel_hi partner took, by the auipc\'s address', (t) => {
  const { write, messages } = placed('1: auipc a0, %pcrel_hi(data)\naddi a0, a0, %pcrel_lo(1b)\n.space 0x1000\ndata: .word 0');
  t.deepEqual(messages(), []);
  t.deepEqual(write().slice(0, 2), ['00001517', '00850513'], 'data is 0x1008 past the auipc: hi 1, lo 8');
  const bad = placed('addi a0, a0, %pcrel_lo(x)\nx: nop');
  bad.write();
  t.regex(bad.messages()[0], /%pcrel_lo: no %pcrel_hi at the label's address 0x1004/);
});

test('branches: the short form in reach, b<inverse> +8; jal in the long one', (t) => {
  t.deepEqual(placed('beq a0, a1, 1f\nnop\n1: nop').write(), ['00b50463', '00000013', '00000013']);
  const far = placed('blt a0, a1, 1f\n.space 8192\n1: nop');
  t.deepEqual(far.write().slice(0, 2), ['00b55463', '0040206f'], 'bge a0, a1, +8; jal zero, +0x2004');
});

test('range and alignment errors carry the source line', (t) => {
  const j = placed('nop\nj far\n.space 0x100000\nfar: nop');
  j.write();
  t.deepEqual(j.messages(), ['2: jump target out of range: offset 1048580 is outside -1048576..1048575']);
  const odd = placed('jal zero, 0x1003');
  odd.write();
  t.deepEqual(odd.messages(), ['1: jump target is not 2-byte aligned (offset 3)']);
  const undef = placed('addi a0, a0, %lo(nowhere)');
  undef.write();
  t.deepEqual(undef.messages(), ["1: undefined symbol 'nowhere'"]);
});

test('code padding: a zero byte for an odd count, one c.nop to reach 4, then nops; data pads with its fill', (t) => {
  const code = placed('.byte 1\n.balign 8\nnop');
  t.deepEqual(code.write(), ['00010001', '00000013', '00000013', '00000013'], 'bytes 01 | 00 | c.nop 0001, then the nop, then the end of .text padded to its 8');
  const data = placed('.data\n.byte 1\n.balign 4, 0xee');
  t.deepEqual(data.write('.data'), ['eeeeee01']);
});

test('displayName shows a numeric local label the way the user wrote it', (t) => {
  const l = new LocalLabels();
  t.is(displayName(l.define(3)), '3f (numeric local label)');
  t.is(displayName('main'), 'main');
});

test("compressed branches and jumps in each of their sizes (GNU's md_convert_frag_branch)", (t) => {
  const rvc = (text: string): string[] => {
    const p = placed(text, 0x1000, NO_GLOBALS, 'rv32imac_zicsr_zifencei');
    const s = p.fa.sections.get('.text')!;
    const out = new Uint8Array(s.size);
    p.pass.writeSection(s, out);
    t.deepEqual(p.messages(), []);
    const texts: string[] = [];
    for (let at = 0; at < 6 && at < out.length;) {
      const h = out[at] | (out[at + 1] << 8);
      const d = (h & 3) !== 3 ? disassembleCompressed(h, 0x1000 + at, { aliases: false }) : disassembleWord(new DataView(out.buffer).getUint32(at, true), 0x1000 + at, { aliases: false });
      texts.push(d.text);
      at += d.length;
    }
    return texts;
  };
  t.is(rvc('beqz s0, 1f\nnop\n1: nop')[0], 'c.beqz\ts0,0x1004');
  t.is(rvc('beqz s0, 1f\n.space 300\n1: nop')[0], 'beq\ts0,zero,0x1130');
  t.deepEqual(rvc('beqz s0, 1f\n.space 5000\n1: nop').slice(0, 2), ['c.bnez\ts0,0x1006', 'jal\tzero,0x238e']);
  t.is(rvc('j 1f\nnop\n1: nop')[0], 'c.j\t0x1004');
  t.is(rvc('j 1f\n.space 3000\n1: nop')[0], 'jal\tzero,0x1bbc');
});
