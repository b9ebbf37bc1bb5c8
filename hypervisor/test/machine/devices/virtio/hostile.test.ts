/**
 * A hostile driver against the virtio device: every kind of bad ring the
 * virtqueue code knows is the guest's error and ends in the device's error
 * state with a message, never a host exception; then seeded garbage rings
 * (PVLAB_VIRTIO_FUZZ iterations, 400 by default) on both transports, after
 * which the device still works once reset, and no write ever landed
 * outside the disk or the guest's RAM.
 */
import test from 'ava';
import { BUFS, QUEUE, R, STATUS, TestDriver } from './_helpers/driver.js';
import { runPvlab } from '../../_programs/c/cases.js';

const D_NEXT = 1, D_WRITE = 2, D_INDIRECT = 4;
const TABLE = BUFS + 0x4000;

/** Each bad ring: how to write it (descriptors from head 0), and the error it must give. */
const BAD: readonly { name: string; make: (d: TestDriver) => void; error: RegExp }[] = [
  { name: 'a head past the table', make: (d) => d.setU16(d.avail + 4, 8), error: /made descriptor 8 available in a 8-entry queue/ },
  { name: 'next past the table', make: (d) => d.setDesc(0, BUFS, 16, D_NEXT, 200), error: /next is 200 in a 8-entry table/ },
  { name: 'a loop', make: (d) => (d.setDesc(0, BUFS, 16, D_NEXT, 1), d.setDesc(1, BUFS, 16, D_NEXT, 0)), error: /loops \(more than 8 descriptors\)/ },
  { name: 'a self-loop', make: (d) => d.setDesc(0, BUFS, 16, D_NEXT, 0), error: /loops/ },
  { name: 'readable after writable', make: (d) => (d.setDesc(0, BUFS, 16, D_WRITE | D_NEXT, 1), d.setDesc(1, BUFS, 16, 0)), error: /device-readable buffer after a device-writable one/ },
  { name: 'an empty buffer', make: (d) => d.setDesc(0, BUFS, 0, 0), error: /an empty buffer/ },
  { name: 'a buffer below RAM', make: (d) => d.setDesc(0, 0x1000_0000, 16, 0), error: /a buffer at 0x10000000 \(16 bytes\) is outside RAM/ },
  { name: 'a buffer past RAM', make: (d) => d.setDesc(0, 0x80ff_fff0, 32, 0), error: /outside RAM/ },
  { name: 'a 64-bit address', make: (d) => d.setDesc(0, 2 ** 32 + 0x8000_0000, 16, 0), error: /a buffer at 0x180000000/ },
  { name: 'a 4 GiB length', make: (d) => d.setDesc(0, BUFS, 0xffff_ffff, 0), error: /outside RAM/ },
  { name: 'an empty indirect table', make: (d) => d.setDesc(0, TABLE, 0, D_INDIRECT), error: /an indirect table of 0 bytes/ },
  { name: 'an indirect table of 17 bytes', make: (d) => d.setDesc(0, TABLE, 17, D_INDIRECT), error: /an indirect table of 17 bytes/ },
  { name: 'an indirect table outside RAM', make: (d) => d.setDesc(0, 0x2000, 64, D_INDIRECT), error: /an indirect descriptor table at 0x2000/ },
  { name: 'indirect with NEXT', make: (d) => d.setDesc(0, TABLE, 32, D_INDIRECT | D_NEXT, 1), error: /an indirect descriptor with NEXT set/ },
  { name: 'indirect in indirect', make: (d) => (d.setDesc(0, TABLE, 32, D_INDIRECT), d.setDesc(0, TABLE, 32, D_INDIRECT, 0, TABLE)), error: /an indirect descriptor inside an indirect table/ },
  { name: 'a loop in an indirect table', make: (d) => (d.setDesc(0, TABLE, 32, D_INDIRECT), d.setDesc(0, BUFS, 16, D_NEXT, 1, TABLE), d.setDesc(1, BUFS, 16, D_NEXT, 0, TABLE)), error: /loops \(more than 2 descriptors\)/ },
  { name: 'no status byte', make: (d) => d.setDesc(0, BUFS, 16, 0), error: /without its header or its status byte/ },
  { name: 'no header', make: (d) => d.setDesc(0, BUFS, 16, D_WRITE), error: /without its header or its status byte/ },
  { name: 'a short header', make: (d) => (d.setDesc(0, BUFS, 8, D_NEXT, 1), d.setDesc(1, BUFS + 0x10, 1, D_WRITE)), error: /header shorter than 16 bytes/ },
  { name: 'the available index far ahead', make: (d) => d.setU16(d.avail + 2, 100), error: /moved the available index 100 entries ahead of a 8-entry queue/ },
];

for (const modern of [false, true]) {
  for (const bad of BAD) {
    test(`${modern ? 'modern' : 'legacy'}: ${bad.name} is the guest's error: the device stops, the host goes on`, (t) => {
      const d = new TestDriver({ modern });
      d.init();
      d.setU32(BUFS, 0); // a read header, for the chains that get that far
      d.setU16(d.avail + 4, 0);
      d.setU16(d.avail + 2, 1);
      bad.make(d);
      d.notify();
      t.notThrows(() => d.settle());
      t.regex(d.slot.lastError ?? '', bad.error);
      t.is(d.usedIdx(), 0, 'nothing completed');
      if (modern) t.is(d.reg(R.status) & STATUS.needsReset, STATUS.needsReset);
      d.init();
      t.is(d.request(0, 1, [{ addr: BUFS + 0x1000, len: 512, write: true }]), 0, 'works again after a reset');
    });
  }
}

/** xorshift32: the fuzzer's seeded numbers. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x % n;
  };
}

const ITERATIONS = Number(process.env.PVLAB_VIRTIO_FUZZ ?? 400);

test(`${ITERATIONS} seeded garbage rings on both transports: no host exception, no pile-up, the disk keeps its size, the device recovers`, (t) => {
  for (const modern of [false, true]) {
    const d = new TestDriver({ modern, sectors: 64 });
    const diskSize = d.disk.bytes.length;
    const rand = rng(modern ? 0xdead : 0xbeef);
    // Plausible addresses: the buffers page, the queue, near RAM's end, RAM's start, the ROM, high; any lengths.
    const addr = () => [BUFS + rand(0x4000), QUEUE + rand(0x3000), 0x80ff_ff00 + rand(0x200), 0x8000_0000 + rand(64), rand(0x2000), 2 ** 32 + rand(16)][rand(6)];
    const len = () => [rand(32), 512 * rand(8), 0xffff_ffff - rand(4), 16, 1, rand(1 << 20)][rand(6)];
    /** A valid request (a read, write, flush, id, zeroes or an unknown type) in descriptors 0..2, or through the indirect table. */
    const valid = () => {
      const indirect = rand(3) === 0, table = indirect ? TABLE : d.desc;
      d.setU32(BUFS, [0, 1, 4, 8, 13, 99][rand(6)]);
      d.setU32(BUFS + 8, rand(70));
      d.setU32(BUFS + 12, 0);
      const write = (d.u32(BUFS) & 1) === 0;
      d.setDesc(0, BUFS, 16, D_NEXT, 1, table);
      d.setDesc(1, BUFS + 0x1000, 512 * (1 + rand(4)), D_NEXT | (write ? D_WRITE : 0), 2, table);
      d.setDesc(2, BUFS + 0x10, 1, D_WRITE, 0, table);
      if (indirect) d.setDesc(0, TABLE, 48, D_INDIRECT);
      d.setU16(d.avail + 4 + 2 * (d.availIdx % d.size), 0);
      d.availIdx = (d.availIdx + 1) & 0xffff;
      d.setU16(d.avail + 2, d.availIdx);
    };
    const MUTATIONS: (() => void)[] = [
      () => d.setDesc(rand(d.size), addr(), len(), rand(8), rand(12)),
      () => d.setDesc(rand(16), addr(), len(), rand(8), rand(20), TABLE),
      () => d.setU16(d.avail + 4 + 2 * rand(d.size), rand(10)),
      () => d.setU16(d.avail + 2, (d.availIdx + rand(20)) & 0xffff),
      () => d.setU32(BUFS + 4 * rand(4), rand(2 ** 32)),
      () => d.setU16(d.avail, rand(2)),
      () => d.setReg(R.queueNum, rand(2000)),
    ];
    let errors = 0, completions = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      if (d.slot.lastError || i % 16 === 0) d.init();
      valid();
      for (let k = rand(3); k > 0; k--) MUTATIONS[rand(MUTATIONS.length)]();
      d.notify(rand(4) === 0 ? rand(3) : 0);
      const before = d.usedIdx();
      t.notThrows(() => d.settle(), `iteration ${i}`);
      if (d.slot.lastError) errors++;
      completions += (d.usedIdx() - before) & 0xffff;
      if (d.m.events.size > 0) t.fail('device work left behind');
    }
    t.is(d.disk.bytes.length, diskSize);
    t.true(errors > ITERATIONS / 10, `${errors} errors`);
    t.true(completions > ITERATIONS / 10, `${completions} completions`);
    d.init();
    t.is(d.request(0, 1, [{ addr: BUFS + 0x1000, len: 512, write: true }]), 0, 'the device works after all that');
  }
});

test('a hostile guest (virtio-hostile.c: 1500 rounds of garbage rings, resets, interrupts) runs to its end the same way every time, and its disk still works', (t) => {
  for (const modern of [false, true]) {
    const c = { name: 'hostile', program: 'virtio-hostile', disks: [{ slot: 0 }], modern };
    const a = runPvlab(c), b = runPvlab(c);
    t.is(a.exitCode, 0, a.output);
    t.regex(a.output, /^1500 iterations: [1-9]\d* completions, \d+ resets, \d+ times in DEVICE_NEEDS_RESET\nthen a proper read: status 0, first byte 7\n$/);
    t.is(b.output, a.output);
    t.is(b.machine.hart.retired(), a.machine.hart.retired());
    t.is(b.machine.hart.cycles(), a.machine.hart.cycles());
    t.is(a.disks.get(0)!.length, 64 * 1024);
    t.is(a.machine.events.size, 0);
  }
});
