/**
 * The CLINT. Observed on QEMU 7.2.22 (`-machine virt -bios none`):
 * - msip: writing 0xffffffff reads back 1 and sets mip.MSIP (mip 0x88);
 *   writing 2 reads back 0; lb/lh/sb and an 8-byte fld fault; the msip word
 *   of hart 1 (+4) and +0x3ffc read 0;
 * - mtime/mtimecmp: 32-bit halves and 8-byte fld/fsd all work; lb/lh fault;
 *   +0x4008, +0x8000, +0xbff0 read 0; +0xc000 and +0xfffc fault; an 8-byte
 *   load at +0xbffc faults;
 * - MTIP rises once mtime reaches mtimecmp; a mtimecmp at or below mtime
 *   raises it at once; a future one lowers it;
 * - at reset mtimecmp reads 0 and mip.MTIP is set (mip 0x80): pvlab resets
 *   it to all ones instead (see clint.ts);
 * - a write to mtime moves mtime and rdtime together; pvlab ignores it.
 */
import test from 'ava';
import { CLINT_BASE, CLINT_SIZE, Clint } from '../../../src/machine/devices/clint.js';
import { FakeClock, FakeIrq } from './_helpers/fakes.js';

const MSIP = 0x0000;
const MTIMECMP = 0x4000;
const MTIME = 0xbff8;
const ALL_ONES = (1n << 64n) - 1n;

function clint(time = 0n) {
  const clock = new FakeClock(time);
  const software = new FakeIrq();
  const timer = new FakeIrq();
  return { clock, software, timer, dev: new Clint({ clock, software, timer }) };
}

test('reset: msip 0, mtimecmp all ones, no interrupt, no deadline', (t) => {
  const { dev, software, timer } = clint(1234n);
  t.is(dev.base, CLINT_BASE);
  t.is(dev.base, 0x0200_0000);
  t.is(dev.size, CLINT_SIZE);
  t.is(dev.read(MSIP, 4), 0);
  t.is(dev.read(MTIMECMP, 4), 0xffff_ffff);
  t.is(dev.read(MTIMECMP + 4, 4), 0xffff_ffff);
  t.is(dev.read(MTIMECMP, 8), ALL_ONES);
  t.is(dev.nextDeadline(), undefined);
  dev.update();
  t.deepEqual(software.calls, []);
  t.deepEqual(timer.calls, []);
});

test('msip: bit 0 drives the software interrupt, the other bits read 0', (t) => {
  const { dev, software } = clint();
  t.true(dev.write(MSIP, 4, 0xffff_ffff));
  t.is(dev.read(MSIP, 4), 1);
  t.true(software.level);
  t.true(dev.write(MSIP, 4, 1));
  t.true(dev.write(MSIP, 4, 2));
  t.is(dev.read(MSIP, 4), 0);
  t.false(software.level);
  t.deepEqual(software.calls, [true, false]);
});

test('mtime is the clock, as halves or one 8-byte read; writes are ignored', (t) => {
  const { dev, clock } = clint(0x1_2345_6789n);
  t.is(dev.read(MTIME, 4), 0x2345_6789);
  t.is(dev.read(MTIME + 4, 4), 1);
  t.is(dev.read(MTIME, 8), 0x1_2345_6789n);
  t.true(dev.write(MTIME, 4, 5));
  t.true(dev.write(MTIME + 4, 4, 0x1000_0000));
  t.true(dev.write(MTIME, 8, 0n));
  t.is(dev.read(MTIME, 8), 0x1_2345_6789n);
  clock.time = 0xffff_ffff_0000_0000n;
  t.is(dev.read(MTIME + 4, 4), 0xffff_ffff);
  t.is(dev.read(MTIME, 4), 0);
});

test('mtimecmp is written and read as halves or whole', (t) => {
  const { dev } = clint();
  t.true(dev.write(MTIMECMP, 4, 0x1122_3344));
  t.true(dev.write(MTIMECMP + 4, 4, 0x5566_7788));
  t.is(dev.read(MTIMECMP, 4), 0x1122_3344);
  t.is(dev.read(MTIMECMP + 4, 4), 0x5566_7788);
  t.is(dev.read(MTIMECMP, 8), 0x5566_7788_1122_3344n);
  t.true(dev.write(MTIMECMP, 8, 0x0102_0304_aabb_ccddn));
  t.is(dev.read(MTIMECMP, 4), 0xaabb_ccdd);
  t.is(dev.read(MTIMECMP + 4, 4), 0x0102_0304);
  t.true(dev.write(MTIMECMP, 8, -1));
  t.is(dev.read(MTIMECMP, 8), ALL_ONES);
});

test('MTIP rises exactly when mtime reaches mtimecmp', (t) => {
  const { dev, clock, timer } = clint(99n);
  dev.write(MTIMECMP + 4, 4, 0);
  dev.write(MTIMECMP, 4, 100);
  t.false(timer.level);
  t.is(dev.nextDeadline(), 100n);
  dev.update();
  t.false(timer.level);
  clock.time = 100n;
  t.is(dev.nextDeadline(), 100n, 'a deadline at or below now means update() is due');
  dev.update();
  t.true(timer.level);
  t.is(dev.nextDeadline(), undefined);
  clock.time = 101n;
  dev.update();
  t.deepEqual(timer.calls, [true]);
});

test('a mtimecmp in the past raises MTIP at once; a future one lowers it', (t) => {
  const { dev, timer } = clint(500n);
  dev.write(MTIMECMP, 8, 500n);
  t.true(timer.level);
  dev.write(MTIMECMP, 8, 501n);
  t.false(timer.level);
  t.is(dev.nextDeadline(), 501n);
  dev.write(MTIMECMP, 8, 0n);
  t.true(timer.level);
  t.deepEqual(timer.calls, [true, false, true]);
});

test('the RV32 update sequence (high = -1, low, high) raises no spurious interrupt', (t) => {
  const { dev, timer } = clint(0x1_0000_0000n);
  dev.write(MTIMECMP + 4, 4, 0xffff_ffff);
  dev.write(MTIMECMP, 4, 0x10);
  dev.write(MTIMECMP + 4, 4, 1);
  t.is(dev.read(MTIMECMP, 8), 0x1_0000_0010n);
  t.deepEqual(timer.calls, []);
  t.is(dev.nextDeadline(), 0x1_0000_0010n);
});

test('other words of the two parts read 0 and ignore writes', (t) => {
  const { dev, software, timer } = clint();
  for (const offset of [4, 0x3ffc, 0x4008, 0x8000, 0xbff0]) {
    t.is(dev.read(offset, 4), 0, `0x${offset.toString(16)}`);
    t.true(dev.write(offset, 4, 1));
  }
  t.is(dev.read(0x4008, 8), 0n);
  t.deepEqual(software.calls, []);
  t.deepEqual(timer.calls, []);
});

test('bad widths, misaligned and undecoded offsets fault', (t) => {
  const { dev } = clint();
  for (const width of [1, 2, 8] as const) {
    t.is(dev.read(MSIP, width), undefined);
    t.false(dev.write(MSIP, width, 1));
  }
  for (const width of [1, 2] as const) {
    t.is(dev.read(MTIMECMP, width), undefined);
    t.is(dev.read(MTIME, width), undefined);
    t.false(dev.write(MTIMECMP, width, 1));
  }
  t.is(dev.read(MTIMECMP + 4, 8), undefined);
  t.is(dev.read(MTIME + 4, 8), undefined);
  t.is(dev.read(MTIMECMP + 2, 4), undefined);
  t.is(dev.read(0xc000, 4), undefined);
  t.is(dev.read(0xfffc, 4), undefined);
  t.false(dev.write(0xc000, 4, 0));
  t.is(dev.read(-4, 4), undefined);
});
