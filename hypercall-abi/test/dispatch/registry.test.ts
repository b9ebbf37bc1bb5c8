/** Registry checks: conflicts are load-time errors that name the file. */
import test from 'ava';
import { HYPERCALLS, createRegistry, defineExtension, defineHandler, enumArg, result, type Extension } from '@pvlab/hypercall-abi';

const ext = (name: string, eid: number, call = `${name}_call`, extra: Partial<{ prefix: string; enumName: string }> = {}): Extension =>
  defineExtension({
    name, title: name, eid, prefix: extra.prefix ?? 'LAB', doc: 'test',
    calls: {
      [call]: {
        fid: 0, doc: 'test', result: result.none, errors: ['INVALID_PARAM'],
        args: { mode: enumArg(extra.enumName ?? `${name}_mode`, 'mode', { on: { value: Number(eid & 1), doc: 'on' } }) },
      },
    },
  });

const custom = (file: string, ...extensions: Extension[]) => ({ file, extensions, handlers: [] });

test('a custom extension may use the experimental space outside pvlab\'s block, and the vendor space', (t) => {
  const reg = createRegistry({ custom: [custom('a.ts', ext('aa', 0x0800_0100)), custom('b.ts', ext('bb', 0x0900_0000))] });
  t.is(reg.origin(reg.extensions.at(-1)!), 'b.ts');
  t.is(reg.lookup(0x0900_0000, 0)?.name, 'bb_call');
});

test('custom ids outside the allowed spaces, or in pvlab\'s block, are errors naming the file', (t) => {
  for (const eid of [0x0800_0000, 0x0800_00ff, 0x10, 0x4442_434e, 0x0a00_0000, 0x07ff_ffff]) {
    t.throws(() => createRegistry({ custom: [custom('my.ts', ext('aa', eid))] }), { message: /^my\.ts: extension 'aa' has eid 0x[0-9a-f]{8}; custom extensions take ids from 0x08000100\.\.0x08ffffff/ });
  }
});

test('conflicting ids and names between files are errors naming the later file', (t) => {
  t.throws(() => createRegistry({ custom: [custom('a.ts', ext('aa', 0x0800_0100)), custom('b.ts', ext('bb', 0x0800_0100))] }), {
    message: "b.ts: extension 'bb' has eid 0x08000100, already taken by 'aa' (a.ts)",
  });
  t.throws(() => createRegistry({ custom: [custom('a.ts', ext('aa', 0x0800_0100)), custom('b.ts', ext('aa', 0x0800_0102))] }), {
    message: "b.ts: extension name 'aa' is already taken (a.ts, eid 0x08000100)",
  });
  t.throws(() => createRegistry({ custom: [custom('b.ts', ext('bb', 0x0800_0102, 'console_write'))] }), {
    message: "b.ts: call name 'console_write' (extension 'bb') is already a call of 'dbcn' (built-in)",
  });
  t.throws(() => createRegistry({ custom: [custom('b.ts', ext('mmu', 0x0800_0102))] }), { message: /^b\.ts: extension name 'mmu' is already taken \(built-in/ });
});

test('generated symbols that would collide are errors', (t) => {
  const a = ext('aa', 0x0800_0100, 'a_call', { enumName: 'mode' });
  const b = ext('bb', 0x0800_0103, 'b_call', { enumName: 'mode' });
  t.throws(() => createRegistry({ custom: [custom('a.ts', a), custom('b.ts', b)] }), { message: "b.ts: extension 'bb' defines LAB_MODE_ON, which extension 'aa' (a.ts) already defines" });
});

test('handlers must match a call, once', (t) => {
  const alien = defineExtension({ name: 'alien', title: 'x', eid: 0x0800_0200, prefix: 'LAB', doc: 'x', calls: { zap: { fid: 0, doc: 'x', args: {}, result: result.none, errors: [] } } });
  t.throws(() => createRegistry({ handlers: [defineHandler(alien.calls.zap, () => undefined)] }), { message: "handler for 'zap' (eid 0x08000200) has no call in the catalogue" });
  const h = defineHandler(HYPERCALLS.idle, () => undefined);
  t.throws(() => createRegistry({ handlers: [h, h] }), { message: "call 'idle' has two handlers" });
});

test('names the include itself uses are reserved, and one extension may not give one symbol two values', (t) => {
  const argCall = ext('aa', 0x0800_0100, 'arg');
  t.throws(() => createRegistry({ custom: [custom('a.ts', argCall)] }), { message: "a.ts: extension 'aa' defines HC_ARG, which the include itself (error codes, HC_ARG) already defines" });
  const twice = defineExtension({
    name: 'tw', title: 'tw', eid: 0x0800_0100, prefix: 'LAB', doc: 'x',
    calls: {
      one: { fid: 0, doc: 'x', args: { m: enumArg('mode', 'm', { on: { value: 1, doc: 'x' } }) }, result: result.none, errors: ['INVALID_PARAM'] },
      two: { fid: 1, doc: 'x', args: { m: enumArg('mode', 'm', { on: { value: 2, doc: 'x' } }) }, result: result.none, errors: ['INVALID_PARAM'] },
    },
  });
  t.throws(() => createRegistry({ custom: [custom('a.ts', twice)] }), { message: "a.ts: extension 'tw': LAB_MODE_ON would be both 1 and 2 (two enums, flag sets or records with one name)" });
});
