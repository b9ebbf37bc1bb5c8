/** The SBI error table and id ranges (SBI §3). */
import test from 'ava';
import { EID_RANGES, SBI_ERROR_NAMES, isCustomEid, sbiError, sbiErrorName, sbiErrorSymbol } from '@pvlab/hypercall-abi';

test('codes are 0, -1, -2, … in table order, and map back to names', (t) => {
  SBI_ERROR_NAMES.forEach((n, i) => {
    t.is(sbiError(n), 0 - i);
    t.is(sbiErrorName(0 - i), n);
  });
  t.is(sbiError('BAD_RANGE'), -11);
  t.is(sbiErrorName(-99), undefined);
  t.is(sbiErrorName(0xffff_fffd), 'INVALID_PARAM');
  t.is(sbiErrorSymbol('SUCCESS'), 'SBI_SUCCESS');
  t.is(sbiErrorSymbol('DENIED'), 'SBI_ERR_DENIED');
});

test('custom ids: experimental space outside pvlab\'s block, or vendor space', (t) => {
  t.false(isCustomEid(EID_RANGES.pvlab.first));
  t.false(isCustomEid(EID_RANGES.pvlab.last));
  t.true(isCustomEid(EID_RANGES.pvlab.last + 1));
  t.true(isCustomEid(0x08ff_ffff));
  t.true(isCustomEid(0x0900_0000));
  t.true(isCustomEid(0x09ff_ffff));
  for (const eid of [0, 0x10, 0x07ff_ffff, 0x0a00_0000, 0x4442_434e, 0xffff_ffff]) t.false(isCustomEid(eid));
});
