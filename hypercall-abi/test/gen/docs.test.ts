/** The reference page and the listing: every extension, call, argument and error appears. */
import test from 'ava';
import { ALL_HYPERCALLS, CATALOGUE, SBI_ERRORS, describeExtensions, hypercallReference, listText, macroName } from '@pvlab/hypercall-abi';

const page = hypercallReference(CATALOGUE);

test('every extension has a section with its id, every call its FID, macro, arguments, errors and example', (t) => {
  for (const e of CATALOGUE) t.true(page.includes(`## ${e.title} — EID 0x${e.eid.toString(16).padStart(8, '0')}`), e.name);
  for (const c of ALL_HYPERCALLS) {
    const at = page.indexOf(`### \`${c.name}\` — FID ${c.fid}`);
    t.true(at > 0, c.name);
    const section = page.slice(at, page.indexOf('\n### ', at + 1) > 0 ? page.indexOf('\n### ', at + 1) : undefined);
    t.true(section.includes(c.doc), `${c.name}: doc`);
    t.true(section.includes(`Macro: \`${macroName(c)}`), `${c.name}: macro`);
    for (const a of Object.keys(c.args)) t.true(section.includes(`| \`${a}\` |`), `${c.name}: ${a}`);
    for (const e of [...c.errors, 'FAILED']) t.true(section.includes(`\`${e}\``), `${c.name}: ${e}`);
    t.true(section.includes('```asm\n' + c.example + '\n```'), `${c.name}: example`);
  }
  for (const [name, e] of Object.entries(SBI_ERRORS)) t.true(page.includes(`| ${e.code} | \`${name === 'SUCCESS' ? 'SBI_SUCCESS' : 'SBI_ERR_' + name}\` |`), name);
});

test('the page says where ids come from and that it is generated', (t) => {
  t.regex(page, /do not edit; regenerate with `npm run docs`/);
  t.regex(page, /0x08000000\.\.0x080000ff of the\nSBI experimental space/);
  t.regex(page, /\| 0x53525354 \| `SBI_EXT_SRST` \| SBI System Reset \| `system_reset\(reset_type, reset_reason\)` \|/);
  t.regex(page, /\| a1, a2 \| `buf` \| pointer to bytes\[len\], read, guest-physical \(lo, hi\) \|/);
});

test('list text and JSON describe every call once', (t) => {
  const text = listText(CATALOGUE);
  t.is(text.trim().split('\n').length, ALL_HYPERCALLS.length + 1);
  t.regex(text, /^0x4442434e {2}0 {4}dbcn {7}console_write {9}HC_CONSOLE_WRITE {9}len, buf_lo, buf_hi$/m);
  const json = describeExtensions(CATALOGUE);
  t.is(json.flatMap((e) => e.calls).length, ALL_HYPERCALLS.length);
  t.deepEqual(json.find((e) => e.name === 'time')!.calls[0].args, [{ name: 'stime_value', registers: 'a0, a1', type: 'u64 (lo, hi)', doc: 'absolute deadline in time ticks' }]);
});
