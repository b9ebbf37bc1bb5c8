/** front/directives/misc.ts: .option, .attribute, messages and .end. */
import test from 'ava';
import { firstPass, messages } from '../_helpers/first-pass.js';
import { archString, hasExtension } from '../../../src/isa/index.js';

test('.option: known words are accepted, push and pop must balance, unknown words are errors', (t) => {
  t.deepEqual(messages(firstPass('.option push\n.option norelax\n.option relax\n.option nopic\n.option pop').diags), []);
  t.deepEqual(messages(firstPass('.option pop').diags), ['1:9: .option pop without .option push']);
  t.regex(messages(firstPass('.option fast').diags)[0], /unknown \.option 'fast'/);
});

test('.print collects text, .warning warns, .error and .err fail', (t) => {
  const { fa, diags } = firstPass('.print "hello"\n.warning "careful"\n.error "stop"\n.err');
  t.deepEqual(fa.printed, ['hello']);
  t.deepEqual(diags.items.map((d) => `${d.severity}: ${d.message}`), ['warning: careful', 'error: stop', 'error: .err encountered']);
});

test('.end stops reading; .attribute checks its tag; metadata directives are accepted and ignored', (t) => {
  t.is(firstPass('nop\n.end\nnop\nnop').fa.sections.get('.text')!.size, 4);
  t.regex(messages(firstPass('.attribute banana, 1').diags)[0], /unknown \.attribute tag 'banana'/);
  t.deepEqual(messages(firstPass('.attribute arch, "rv32i2p1"\n.file "x.c"\n.ident "gcc"\n.cfi_startproc\n.cfi_endproc').diags), []);
});

test('.option rvc/norvc/arch change the architecture per statement; push/pop restore it; C once on sets the RVC flag', (t) => {
  const { fa } = firstPass('nop\n.option push\n.option rvc\nnop\n.option pop\nnop\n.option arch, +c, -a\nnop');
  t.is(fa.sections.get('.text')!.frags.reduce((n, f) => n + (f.k === 'data' ? f.size : 0), 0), 4 + 2 + 4 + 2);
  t.is(archString(fa.arch), 'rv32i2p1_m2p0_c2p0_zicsr2p0_zifencei2p0_zmmul1p0');
  t.true(fa.usedRvc);
  const off = firstPass('.option norvc\nnop', { march: 'rv32imac' }).fa;
  t.false(hasExtension(off.arch, 'c'));
  t.true(off.usedRvc, 'set by -march, never cleared (GNU)');
  t.false(firstPass('nop').fa.usedRvc);
  t.regex(messages(firstPass('.option arch, +f').diags)[0], /F \(single-precision floating point\) is not supported/);
});

test('.attribute arch sets the architecture, before the first instruction only', (t) => {
  t.true(hasExtension(firstPass('.attribute arch, "rv32imac"\nnop').fa.arch, 'c'));
  t.regex(messages(firstPass('nop\n.attribute arch, "rv32imac"').diags)[0], /must come before any instruction/);
});
