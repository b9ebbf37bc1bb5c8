/**
 * The test finisher. Expected values were observed on QEMU 7.2.22
 * (`-machine virt -bios none`): reads of 0x100000, 0x100004 and 0x100ffc
 * (lw, lh) gave 0; lb, sb and an 8-byte fld gave access faults (cause 5/7)
 * and so did a misaligned `sw` at +2; exit statuses were 0x5555 → 0,
 * 0xabcd5555 → 0, 0x00013333 → 1, 0x00ff3333 → 255, 0x3333 → 0, `sh 0x5555`
 * → 0; 0x7777 restarted the board (and exited 0 under -no-reboot); 0x1234
 * and 0x5555 at +4 were ignored.
 */
import test from 'ava';
import { FINISHER_BASE, FINISHER_SIZE, SifiveTest } from '../../../src/machine/devices/sifive-test.js';
import { FakePower } from './_helpers/fakes.js';

function finisher() {
  const power = new FakePower();
  return { power, dev: new SifiveTest({ power }) };
}

test('sits at QEMU virt\'s address and reads 0 everywhere in its page', (t) => {
  const { dev } = finisher();
  t.is(dev.base, 0x0010_0000);
  t.is(dev.base, FINISHER_BASE);
  t.is(dev.size, FINISHER_SIZE);
  t.is(dev.name, 'finisher');
  t.is(dev.read(0, 4), 0);
  t.is(dev.read(0, 2), 0);
  t.is(dev.read(4, 4), 0);
  t.is(dev.read(0xffc, 4), 0);
});

test('pass ends the run with code 0, whatever the upper half says', (t) => {
  for (const word of [0x5555, 0xabcd_5555]) {
    const { dev, power } = finisher();
    t.true(dev.write(0, 4, word));
    t.deepEqual(power.calls, [{ code: 0, how: 'finisher' }]);
    t.deepEqual(dev.stop, { reason: 'pass', code: 0 });
  }
});

test('fail ends the run with the code in the upper half, 0 included', (t) => {
  for (const [word, code] of [[0x0001_3333, 1], [0x00ff_3333, 255], [0xffff_3333, 0xffff], [0x3333, 0]]) {
    const { dev, power } = finisher();
    t.true(dev.write(0, 4, word));
    t.deepEqual(power.calls, [{ code, how: 'finisher' }]);
    t.deepEqual(dev.stop, { reason: 'fail', code });
  }
});

test('reset is a shutdown with code 0 and reason reset', (t) => {
  const { dev, power } = finisher();
  t.true(dev.write(0, 4, 0x7777));
  t.deepEqual(power.calls, [{ code: 0, how: 'finisher' }]);
  t.deepEqual(dev.stop, { reason: 'reset', code: 0 });
});

test('a 16-bit store of the status works; bigint values are accepted', (t) => {
  const { dev, power } = finisher();
  t.true(dev.write(0, 2, 0x5555));
  t.true(dev.write(0, 4, 0x0002_3333n));
  t.deepEqual(power.calls, [{ code: 0, how: 'finisher' }, { code: 2, how: 'finisher' }]);
});

test('other values, and writes elsewhere in the page, are ignored', (t) => {
  const { dev, power } = finisher();
  t.true(dev.write(0, 4, 0x1234));
  t.true(dev.write(0, 4, 0x5556));
  t.true(dev.write(4, 4, 0x5555));
  t.true(dev.write(2, 2, 0x5555));
  t.true(dev.write(0xffc, 4, 0x3333));
  t.deepEqual(power.calls, []);
  t.is(dev.stop, undefined);
});

test('bytes, 8-byte, misaligned and out-of-window accesses fault', (t) => {
  const { dev, power } = finisher();
  t.is(dev.read(0, 1), undefined);
  t.is(dev.read(0, 8), undefined);
  t.is(dev.read(2, 4), undefined);
  t.is(dev.read(1, 2), undefined);
  t.is(dev.read(0x1000, 4), undefined);
  t.is(dev.read(-4, 4), undefined);
  t.false(dev.write(0, 1, 0x55));
  t.false(dev.write(0, 8, 0x5555n));
  t.false(dev.write(2, 4, 0x5555));
  t.false(dev.write(0x1000, 4, 0x5555));
  t.deepEqual(power.calls, []);
});
