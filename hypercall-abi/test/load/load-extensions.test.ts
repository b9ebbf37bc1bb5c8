/**
 * loadExtensions: a user's file, from any directory (its import of
 * @pvlab/hypercall-abi is served by this package), as TypeScript (CommonJS
 * or ES module) or JavaScript; errors name the file.
 */
import test from 'ava';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRegistry, dispatch, isHypercallAbiError, loadExtensions } from '@pvlab/hypercall-abi';
import { FakeRegisters, fakeVm } from '../_helpers/fake-vm.js';

const source = (eid = '0x0800_0200', extra = '') => `
import { defineExtension, defineHandlers, enumArg, result, u32 } from '@pvlab/hypercall-abi';
export const counter = defineExtension({
  name: 'counter', title: 'Counter', eid: ${eid}, prefix: 'CTR', doc: 'a counter',
  calls: {
    add: { fid: 0, doc: 'add', args: { n: u32('amount') }, result: result.u32('total'), errors: [] },
    reset: { fid: 1, doc: 'reset', args: { how: enumArg('how', 'how', { zero: { value: 0, doc: 'to 0' } }) }, result: result.none, errors: ['INVALID_PARAM'] },
  },
});
let total = 0;
export const handlers = defineHandlers(counter, {
  add: (_vm, { n }) => (total = (total + n) >>> 0),
  reset: () => { total = 0; return undefined; },
});
${extra}
`;

function dirWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-load-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

async function callAdd(file: string, n: number) {
  const loaded = await loadExtensions(file);
  const registry = createRegistry({ custom: [loaded] });
  const regs = new FakeRegisters(0x0800_0200, 0, [n]);
  dispatch(registry, fakeVm(), regs);
  return { loaded, written: regs.written };
}

test('a TypeScript file outside the workspace (CommonJS by default) loads and its handlers dispatch', async (t) => {
  const dir = dirWith({ 'counter.ts': source() });
  const { loaded, written } = await callAdd(join(dir, 'counter.ts'), 5);
  t.deepEqual(loaded.extensions.map((e) => e.name), ['counter']);
  t.is(loaded.handlers.length, 2);
  t.deepEqual(written, { error: 0, value: 5 });
});

test('an ES-module TypeScript file and a JavaScript .mjs file load too', async (t) => {
  const esm = dirWith({ 'package.json': '{"type":"module"}', 'counter.ts': source() });
  t.deepEqual((await callAdd(join(esm, 'counter.ts'), 7)).written, { error: 0, value: 7 });
  const js = dirWith({ 'counter.mjs': source().replace(/\(_vm, \{ n \}\)/, '(_vm, { n })') });
  t.deepEqual((await callAdd(join(js, 'counter.mjs'), 9)).written, { error: 0, value: 9 });
});

test('paths are shown relative to the working directory', async (t) => {
  const dir = dirWith({ 'counter.ts': source() });
  const loaded = await loadExtensions('counter.ts', { cwd: dir });
  t.is(loaded.file, 'counter.ts');
});

async function loadError(files: Record<string, string>, name: string): Promise<string> {
  const dir = dirWith(files);
  try {
    await loadExtensions(name, { cwd: dir });
  } catch (e) {
    if (!isHypercallAbiError(e)) throw e;
    return e.message;
  }
  throw new Error('loaded without an error');
}

test('load-time errors name the file', async (t) => {
  t.is(await loadError({ 'x.ts': source('0x0800_0001') }, 'x.ts'), "x.ts: extension 'counter' has eid 0x08000001; custom extensions take ids from 0x08000100..0x08ffffff (SBI experimental, outside pvlab's block) or 0x09000000..0x09ffffff (SBI vendor)");
  t.is(await loadError({ 'x.ts': source('0x4442_434e') }, 'x.ts'), "x.ts: extension 'counter' has eid 0x4442434e; custom extensions take ids from 0x08000100..0x08ffffff (SBI experimental, outside pvlab's block) or 0x09000000..0x09ffffff (SBI vendor)");
  t.is(await loadError({}, 'nope.ts'), 'nope.ts: no such file');
  t.is(await loadError({ 'x.ts': 'export const a = 1;' }, 'x.ts'), 'x.ts: exports no hypercall extension (export the value of defineExtension(...))');
  t.is(await loadError({ 'x.ts': 'const a = ;' }, 'x.ts'), 'x.ts:1:10: error: Unexpected ";"');
  t.is(await loadError({ 'x.ts': source('0x0800_0200', "import { SBI_TIME } from '@pvlab/hypercall-abi';\nexport const bad = defineHandlers(SBI_TIME, { set_timer: () => undefined });") }, 'x.ts'),
    "x.ts: handler for 'set_timer' is not for a call of this file's extensions (counter)");
  t.regex(await loadError({ 'x.ts': source('0x0800_0200').replace("fid: 1, doc: 'reset'", "fid: 0, doc: 'reset'") }, 'x.ts'), /^x\.ts: extension 'counter', call 'reset': fid 0 is already 'add'$/);
});
