/** The trace pretty-printer, on records of every argument kind. */
import test from 'ava';
import { HYPERCALLS, formatRecord, formatTrace, type DecodedArg, type Hypercall, type HypercallRecord, type SbiErrorName, SBI_ERRORS } from '@pvlab/hypercall-abi';

const rec = (call: Hypercall, args: DecodedArg[], error: SbiErrorName = 'SUCCESS', value = 0, extra: Partial<HypercallRecord> = {}): HypercallRecord => ({
  eid: call.eid, fid: call.fid, call, name: call.name, args, error: SBI_ERRORS[error].code, errorName: error, value, handled: true, ...extra,
});
const bytes = (s: string) => new TextEncoder().encode(s);

test('byte buffers show their address and contents, escaped, with … when longer than the preview', (t) => {
  t.is(formatRecord(rec(HYPERCALLS.console_write, [{ name: 'buf', raw: 0x8004_2000n, preview: bytes('hello\n') }, { name: 'len', raw: 6 }], 'SUCCESS', 6)), 'console_write(buf=0x80042000 "hello\\n", len=6) → 6');
  t.is(formatRecord(rec(HYPERCALLS.console_write, [{ name: 'buf', raw: 0x8000_0000n, preview: Uint8Array.of(0x22, 0x5c, 0x09, 0x00, 0xff, 0x0d) }, { name: 'len', raw: 6 }], 'SUCCESS', 6)), 'console_write(buf=0x80000000 "\\"\\\\\\t\\x00\\xff\\r", len=6) → 6');
  t.is(formatRecord(rec(HYPERCALLS.console_write, [{ name: 'buf', raw: 0x8000_0000n, preview: bytes('a'.repeat(32)) }, { name: 'len', raw: 100 }], 'SUCCESS', 100)), `console_write(buf=0x80000000 "${'a'.repeat(32)}"…, len=100) → 100`);
  t.is(formatRecord(rec(HYPERCALLS.console_write, [{ name: 'buf', raw: 0x1_8000_0000n }, { name: 'len', raw: 1 }], 'INVALID_PARAM', 0, { fault: 'buf: address 0x180000000 is above 4 GiB' })), 'console_write(buf=0x180000000, len=1) → INVALID_PARAM: buf: address 0x180000000 is above 4 GiB');
});

test('u64, hex, enum, flags and results by their schema', (t) => {
  t.is(formatRecord(rec(HYPERCALLS.set_timer, [{ name: 'stime_value', raw: 0x1_0000_0000n }])), 'set_timer(stime_value=0x100000000) → ok');
  t.is(formatRecord(rec(HYPERCALLS.probe_extension, [{ name: 'extension_id', raw: 0x0800_0000 }], 'SUCCESS', 1)), 'probe_extension(extension_id=0x08000000) → 1');
  t.is(formatRecord(rec(HYPERCALLS.spec_version, [], 'SUCCESS', 0x0200_0000)), 'spec_version() → 0x02000000');
  t.is(formatRecord(rec(HYPERCALLS.system_reset, [{ name: 'reset_type', raw: 1 }, { name: 'reset_reason', raw: 9 }], 'INVALID_PARAM')), 'system_reset(reset_type=cold_reboot, reset_reason=0x00000009) → INVALID_PARAM');
  t.is(formatRecord(rec(HYPERCALLS.mmu_update, [{ name: 'reqs', raw: 0x8000_1000 }, { name: 'count', raw: 4 }, { name: 'flags', raw: 1 }], 'DENIED', 3)), 'mmu_update(reqs=0x80001000, count=4, flags=tlb_flush_all) → DENIED (a1=3)');
  t.is(formatRecord(rec(HYPERCALLS.mmu_update, [{ name: 'reqs', raw: 0x8000_1000 }, { name: 'count', raw: 4 }, { name: 'flags', raw: 6 }], 'INVALID_PARAM')), 'mmu_update(reqs=0x80001000, count=4, flags=0x00000006) → INVALID_PARAM');
});

test('unknown calls and nested multicall entries', (t) => {
  const unknown: HypercallRecord = { eid: 0x42, fid: 7, call: undefined, name: 'unknown', args: [], error: -2, errorName: 'NOT_SUPPORTED', value: 0, handled: false };
  t.is(formatRecord(unknown), 'unknown(eid=0x00000042, fid=0x00000007) → NOT_SUPPORTED');
  const outer = rec(HYPERCALLS.multicall, [{ name: 'entries', raw: 0x8000_2000 }, { name: 'count', raw: 2 }], 'SUCCESS', 2, { nested: [rec(HYPERCALLS.idle, []), unknown] });
  t.deepEqual(formatTrace(outer), ['multicall(entries=0x80002000, count=2) → 2', '  idle() → ok', '  unknown(eid=0x00000042, fid=0x00000007) → NOT_SUPPORTED']);
});
