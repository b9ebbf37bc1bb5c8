/** front/directives/misc.ts: .option, .attribute, messages and .end. */
import test from 'ava';
import { firstPass, messages } from '../_helpers/first-pass.js';

test('.option: known words are accepted, push and pop must balance, unknown words and rvc are errors', (t) => {
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
