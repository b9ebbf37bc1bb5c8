/** defineExtension: declarations are checked, and laid out in registers. */
import test from 'ava';
import { PVLAB_MMU, defineExtension, enumArg, result, u32 } from '@pvlab/hypercall-abi';

test('defineExtension rejects bad declarations with a message that says what and where', (t) => {
  const base = { name: 'x', title: 'x', eid: 0x0800_0100, prefix: 'X', doc: 'x' };
  const bad: [unknown, RegExp][] = [
    [{ ...base, name: 'Bad' }, /extension name 'Bad' must be a lower-case identifier/],
    [{ ...base, prefix: 'x' }, /prefix 'x' must be upper-case/],
    [{ ...base, eid: 2 ** 32 }, /eid 4294967296 is not a 32-bit value/],
    [{ ...base, calls: {} }, /has no calls/],
    [{ ...base, calls: { a: { fid: 0, doc: 'a', args: {}, result: result.none, errors: [] }, b: { fid: 0, doc: 'b', args: {}, result: result.none, errors: [] } } }, /call 'b': fid 0 is already 'a'/],
    [{ ...base, calls: { a: { fid: 0, doc: 'a', args: { p: { kind: 'ptr', doc: 'p', elem: { kind: 'u8', size: 1, align: 1 }, access: 'read', count: 'n', space: 'virtual', width: 32, error: 'INVALID_ADDRESS' } }, result: result.none, errors: ['INVALID_ADDRESS'] } } }, /count 'n' must name a u32 argument/],
    [{ ...base, calls: { a: { fid: 0, doc: 'a', args: { m: enumArg('m', 'm', { on: { value: 1, doc: 'x' } }) }, result: result.none, errors: [] } } }, /can be rejected with INVALID_PARAM, which it does not declare/],
    [{ ...base, calls: { a: { fid: 0, doc: 'a', args: Object.fromEntries(['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((n) => [n, u32(n)])), result: result.none, errors: [] } } }, /needs 7 argument registers, a0\.\.a5 hold 6/],
    [{ ...base, calls: { a: { fid: 0, doc: 'a', args: { x: u32('x') }, regs: ['y'], result: result.none, errors: [] } } }, /regs \[y\] must list each argument exactly once/],
    [{ ...base, calls: { a: { fid: 0, doc: 'a', args: {}, result: result.none, errors: ['OOPS'] } } }, /'OOPS' is not an SBI error name/],
  ];
  for (const [input, message] of bad) t.throws(() => defineExtension(input as never), { message });
  t.is(PVLAB_MMU.calls.mmu_update.slots.length, 4);
});
