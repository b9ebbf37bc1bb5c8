/**
 * HTIF. The putchar answer was observed on QEMU 7.2.22 (`-machine spike
 * -bios none`, tohost and fromhost 64 bytes apart as riscv-tests lays them
 * out): after an RV32 program stored 'A' to the low half and 0x01010000 to
 * the high half, fromhost read 0x01010000_00000141 and tohost read 0.
 * QEMU takes a command only on the high-half store after a low-half store;
 * written high half first it hung, and a lone low-half store of 7 was never
 * taken. The riscv-tests forms are those of riscv-test-env's `write_tohost`.
 */
import test from 'ava';
import { Htif } from '../../../src/machine/devices/htif.js';
import { FakePower } from './_helpers/fakes.js';

const TOHOST = 0x8000_1000;
const FROMHOST = 0x8000_1040;
const TO = 0;
const FROM = 0x40;

function htif() {
  const power = new FakePower();
  const out: number[] = [];
  const dev = new Htif({ tohost: TOHOST, fromhost: FROMHOST, power, out: (b) => out.push(b) });
  return { power, out, dev };
}

test('the window spans tohost to fromhost; the words start at 0', (t) => {
  const { dev } = htif();
  t.is(dev.base, TOHOST);
  t.is(dev.size, 0x48);
  t.is(dev.name, 'htif');
  t.is(dev.read(TO, 8), 0n);
  t.is(dev.read(FROM, 8), 0n);
  const packed = new Htif({ tohost: 0x8000_2000, power: new FakePower() });
  t.is(packed.size, 16);
  const reversed = new Htif({ tohost: 0x8000_2008, fromhost: 0x8000_2000, power: new FakePower() });
  t.is(reversed.base, 0x8000_2000);
  t.throws(() => new Htif({ tohost: 0x8000_2004, power: new FakePower() }), { instanceOf: RangeError });
  t.throws(() => new Htif({ tohost: 0x8000_2000, fromhost: 0x8000_2000, power: new FakePower() }), { instanceOf: RangeError });
});

test('riscv-tests pass: low word 1 then high word 0', (t) => {
  const { dev, power } = htif();
  t.true(dev.write(TO, 4, 1));
  t.deepEqual(power.calls, []);
  t.true(dev.write(TO + 4, 4, 0));
  t.deepEqual(power.calls, [{ code: 0, how: 'htif' }]);
  t.is(dev.read(TO, 8), 0n);
});

test('riscv-tests fail: code << 1 | 1 reports the code', (t) => {
  const { dev, power } = htif();
  dev.write(TO, 4, (3 << 1) | 1);
  dev.write(TO + 4, 4, 0);
  t.deepEqual(power.calls, [{ code: 3, how: 'htif' }]);
});

test('the old write_tohost loop, which stores only the low word, is taken on its second round', (t) => {
  const { dev, power } = htif();
  dev.write(TO, 4, 7);
  t.deepEqual(power.calls, []);
  t.is(dev.read(TO, 4), 7);
  dev.write(TO, 4, 7);
  t.deepEqual(power.calls, [{ code: 3, how: 'htif' }]);
});

test('a 64-bit store is taken at once', (t) => {
  const { dev, power } = htif();
  dev.write(TO, 8, 1n);
  t.deepEqual(power.calls, [{ code: 0, how: 'htif' }]);
});

test('putchar written low half first, odd character included, is answered in fromhost (QEMU)', (t) => {
  const { dev, power, out } = htif();
  dev.write(TO, 4, 0x41);
  dev.write(TO + 4, 4, 0x0101_0000);
  t.deepEqual(out, [0x41]);
  t.is(dev.read(TO, 4), 0);
  t.is(dev.read(TO + 4, 4), 0);
  t.is(dev.read(FROM, 4), 0x141);
  t.is(dev.read(FROM + 4, 4), 0x0101_0000);
  t.is(dev.read(FROM, 8), 0x0101_0000_0000_0141n);
  t.deepEqual(power.calls, []);
});

test('putchar written high half first, and as one 64-bit store', (t) => {
  const { dev, out } = htif();
  dev.write(TO + 4, 4, 0x0101_0000);
  t.deepEqual(out, []);
  dev.write(TO, 4, 0x42);
  dev.write(FROM, 8, 0n);
  dev.write(TO, 8, 0x0101_0000_0000_0043n);
  t.deepEqual(out, [0x42, 0x43]);
  t.is(dev.read(FROM, 8), 0x0101_0000_0000_0143n);
});

test('start-up code that clears tohost does not start a command', (t) => {
  const { dev, out, power } = htif();
  dev.write(TO, 4, 0);
  dev.write(TO, 4, 0x41);
  t.deepEqual(out, []);
  dev.write(TO + 4, 4, 0x0101_0000);
  t.deepEqual(out, [0x41]);
  t.deepEqual(power.calls, []);
});

test('unsupported commands are taken and answered with payload 0', (t) => {
  const { dev, out, power } = htif();
  dev.write(TO, 4, 0x8000_3000); // riscv-pk syscall proxy: a pointer
  dev.write(TO + 4, 4, 0);
  t.is(dev.read(TO, 8), 0n);
  t.is(dev.read(FROM, 8), 0n);
  dev.write(TO, 8, 0x0100_0000_0000_0000n); // getchar
  t.is(dev.read(TO, 8), 0n);
  t.is(dev.read(FROM, 8), 0x0100_0000_0000_0000n);
  dev.write(TO, 8, 0x0201_0000_0000_0041n); // an unknown device
  t.is(dev.read(FROM, 8), 0x0201_0000_0000_0000n);
  t.deepEqual(out, []);
  t.deepEqual(power.calls, []);
});

test('the gap and fromhost behave as memory; accesses outside the window fault', (t) => {
  const { dev, power } = htif();
  t.true(dev.write(0x10, 4, 0xdead_beef));
  t.is(dev.read(0x10, 4), 0xdead_beef);
  t.is(dev.read(0x12, 2), 0xdead);
  t.is(dev.read(0x13, 1), 0xde);
  t.true(dev.write(FROM, 4, 0x1234));
  t.is(dev.read(FROM, 4), 0x1234);
  t.is(dev.read(0x48, 1), undefined);
  t.is(dev.read(0x44, 8), undefined);
  t.is(dev.read(-1, 1), undefined);
  t.false(dev.write(0x48, 4, 0));
  t.deepEqual(power.calls, []);
});
