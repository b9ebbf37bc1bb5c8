/**
 * virtio-blk requests beyond what the QEMU differential programs cover:
 * any split of header and data across buffers, the id in pieces, the
 * bounds pvlab adds (64 MiB a request, 16 MiB a call), read-only disks,
 * host I/O errors, the geometry QEMU derives from an MBR, and durability
 * through an image file — a flushed write survives `kill -9`.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BLK_MAX_PER_CALL, BackendError, ImageFile, MemoryDisk, VirtioBlk, type BlockBackend } from '@pvlab/hypervisor';
import { BUFS, TestDriver } from './_helpers/driver.js';
import { C_DIR, initialDisk } from '../../_programs/c/cases.js';

const IN = 0, OUT = 1, FLUSH = 4, GET_ID = 8, WRITE_ZEROES = 13, DISCARD = 11;
const OK = 0, IOERR = 1, UNSUPP = 2;
const data = (addr: number, len: number, write: boolean) => ({ addr, len, write });

test('the header, the data and the status may be split across buffers anywhere', (t) => {
  const d = new TestDriver();
  d.init();
  const hdr = BUFS + 0x100;
  d.setU32(hdr, IN);
  d.setU32(hdr + 4, 0);
  d.setU32(hdr + 8, 3);
  d.setU32(hdr + 12, 0);
  // header in 3 pieces (5 + 7 + 4 bytes), data in 2 (100 + 412), data and status together in the last buffer
  d.setDesc(0, hdr, 5, 1, 1);
  d.setDesc(1, hdr + 5, 7, 1, 2);
  d.setDesc(2, hdr + 12, 4, 1, 3);
  d.setDesc(3, BUFS + 0x1000, 100, 3, 4);
  d.setDesc(4, BUFS + 0x2000, 413, 2);
  d.offer(0);
  d.notify();
  d.settle();
  t.deepEqual(d.usedElem(0), { id: 0, len: 513 });
  t.is(d.bytes(BUFS + 0x2000 + 412, 1)[0], OK);
  t.deepEqual([...d.bytes(BUFS + 0x1000, 2)], [21, 22], 'sector 3 starts with 3 × 7');
  t.deepEqual([...d.bytes(BUFS + 0x2000, 1)], [(21 + 100) & 0xff]);
});

test('GET_ID: the serial and its NUL, at most 20 bytes, across buffers; QEMU\'s empty serial is one NUL', (t) => {
  const d = new TestDriver();
  d.init();
  d.m.bus.u8.fill(0xaa, BUFS + 0x1000 - 0x8000_0000, BUFS + 0x1000 - 0x8000_0000 + 32);
  t.is(d.request(GET_ID, 0, [data(BUFS + 0x1000, 3, true), data(BUFS + 0x1010, 20, true)]), OK);
  t.deepEqual([...d.bytes(BUFS + 0x1000, 4)], [0, 0xaa, 0xaa, 0xaa]);
  const blk = new VirtioBlk({ backend: new MemoryDisk(new Uint8Array(512)), serial: 'abcdefghijklmnopqrstuvwxyz' });
  t.is(blk.serial.length, 26);
});

test('reads and writes move whole sectors inside the disk; a read-only disk refuses writes, discards and zeroes but reads and flushes', (t) => {
  const d = new TestDriver({ readOnly: true });
  d.init();
  t.is(d.request(IN, 127, [data(BUFS + 0x1000, 512, true)]), OK);
  t.is(d.request(IN, 127, [data(BUFS + 0x1000, 1024, true)]), IOERR);
  t.is(d.request(IN, 2 ** 32 - 1, [data(BUFS + 0x1000, 512, true)]), IOERR);
  t.is(d.request(OUT, 1, [data(BUFS + 0x1000, 512, false)]), IOERR);
  t.is(d.request(FLUSH, 0), OK);
  d.setU32(BUFS + 0x1000, 1);
  d.setU32(BUFS + 0x1008, 1);
  d.setU32(BUFS + 0x100c, 0);
  t.is(d.request(WRITE_ZEROES, 0, [data(BUFS + 0x1000, 16, false)]), IOERR);
  t.is(d.request(DISCARD, 0, [data(BUFS + 0x1000, 16, false)]), IOERR);
  t.deepEqual(d.disk.bytes, (() => {
    const b = new Uint8Array(128 * 512);
    for (let i = 0; i < b.length; i++) b[i] = ((i >> 9) * 7 + (i & 511)) & 0xff;
    return b;
  })(), 'nothing changed');
  d.setReg(0x14, 0);
  t.is(d.reg(0x10) & (1 << 5), 1 << 5, 'VIRTIO_BLK_F_RO offered');
});

test('discard and write-zeroes: one 16-byte segment, in range, known flags; two segments are unsupported', (t) => {
  const d = new TestDriver();
  d.init();
  const seg = (sector: number, count: number, flags: number, at = BUFS + 0x1000) => {
    d.setU32(at, sector);
    d.setU32(at + 4, 0);
    d.setU32(at + 8, count);
    d.setU32(at + 12, flags);
  };
  seg(10, 2, 1);
  t.is(d.request(WRITE_ZEROES, 0, [data(BUFS + 0x1000, 16, false)]), OK, 'write-zeroes may unmap');
  t.deepEqual([...d.disk.bytes.subarray(10 * 512, 12 * 512)].filter((x) => x), []);
  seg(12, 2, 2);
  t.is(d.request(WRITE_ZEROES, 0, [data(BUFS + 0x1000, 16, false)]), UNSUPP, 'unknown flag');
  seg(127, 2, 0);
  t.is(d.request(WRITE_ZEROES, 0, [data(BUFS + 0x1000, 16, false)]), IOERR, 'past the end');
  seg(1, 1, 0);
  seg(2, 1, 0, BUFS + 0x1010);
  t.is(d.request(WRITE_ZEROES, 0, [data(BUFS + 0x1000, 32, false)]), UNSUPP, 'two segments');
  t.is(d.request(12, 0, [data(BUFS + 0x1000, 16, false)]), UNSUPP, 'write-zeroes without the OUT bit');
  d.setDesc(0, BUFS, 16, 1, 1);
});

test('a request over 64 MiB is IOERR; one call moves at most 16 MiB and leaves the rest for a notify latency later', (t) => {
  const d = new TestDriver({ sectors: 200_000, size: 16 }); // 100 MiB
  d.init();
  // 65 MiB + 512 in five buffers that overlap on one page of RAM: the device checks the total, not RAM.
  const big = Array.from({ length: 5 }, (_, i) => data(BUFS + 0x1000, i < 4 ? 13 << 20 : 13 * (1 << 20) + 512, true));
  t.is(d.request(IN, 0, big), IOERR);
  // Three 8 MiB reads queued at once: two in the first call (16 MiB), the third one latency later.
  for (let k = 0; k < 3; k++) {
    const base = 5 * k;
    d.setU32(BUFS + 0x100 * k, IN);
    d.setU32(BUFS + 0x100 * k + 8, 0);
    d.setDesc(base, BUFS + 0x100 * k, 16, 1, base + 1);
    d.setDesc(base + 1, BUFS + 0x1000, 8 << 20, 3, base + 2);
    d.setDesc(base + 2, BUFS + 0x100 * k + 0x80, 1, 2);
  }
  const before = d.usedIdx();
  for (const head of [0, 5, 10]) d.offer(head);
  d.notify();
  d.settle(1000);
  t.is((d.usedIdx() - before) & 0xffff, 2);
  t.is(BLK_MAX_PER_CALL, 16 << 20);
  d.settle(1000);
  t.is((d.usedIdx() - before) & 0xffff, 3);
});

test('a host I/O error is IOERR for that request, and the device goes on', (t) => {
  let fail = false;
  const inner = new MemoryDisk(new Uint8Array(64 * 512));
  const flaky: BlockBackend = {
    size: inner.size, readOnly: false, close: () => {},
    read: (o, into) => {
      if (fail) throw new BackendError('disk image: EIO');
      inner.read(o, into);
    },
    write: (o, from) => inner.write(o, from),
    flush: () => inner.flush(),
  };
  const m = new TestDriver({ backend: flaky });
  const blk = m.slot.device as VirtioBlk;
  fail = true;
  m.init();
  t.is(m.request(IN, 1, [data(BUFS + 0x1000, 512, true)]), IOERR);
  fail = false;
  t.is(m.request(IN, 1, [data(BUFS + 0x1000, 512, true)]), OK);
  t.deepEqual(blk.completed, { ok: 1, ioerr: 1, unsupp: 0 });
});

test('geometry as QEMU guesses it: 16 heads × 63 sectors, 2..16383 cylinders, or the first MBR partition\'s', (t) => {
  const geo = (bytes: Uint8Array) => new VirtioBlk({ backend: new MemoryDisk(bytes) }).geometry();
  t.deepEqual(geo(new Uint8Array(64 * 1024)), { cylinders: 2, heads: 16, sectors: 63 });
  t.deepEqual(geo(new Uint8Array(100 << 20)), { cylinders: 203, heads: 16, sectors: 63 });
  const mbr = new Uint8Array(8 << 20);
  mbr[510] = 0x55;
  mbr[511] = 0xaa;
  mbr[446 + 5] = 3; // end head: 4 heads
  mbr[446 + 6] = 32; // end sector
  mbr[446 + 12] = 100; // sectors in the partition
  t.deepEqual(geo(mbr), { cylinders: Math.floor(16384 / 128), heads: 4, sectors: 32 });
  mbr[446 + 5] = 254; // 255 heads: a BIOS translation, the standard guess
  t.deepEqual(geo(mbr), { cylinders: 16, heads: 16, sectors: 63 });
});

test('an image file: writes reach it, FLUSH is an fsync, and what a guest flushed survives kill -9', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-blk-'));
  const image = join(dir, 'disk.img');
  writeFileSync(image, initialDisk());
  // virtio-persist.elf writes sectors 40-47, flushes, says so, and spins forever.
  const cli = join(import.meta.dirname, '../../../../dist/cli/main.js');
  const child = spawn(process.execPath, [cli, 'run', '--bare', '--drive', `file=${image}`, join(C_DIR, 'virtio-persist.elf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no 'flushed' within 60 s: ${out}`)), 60_000);
    child.stdout.on('data', (b) => {
      out += b;
      if (out.includes('flushed')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  child.kill('SIGKILL');
  await new Promise((resolve) => child.on('close', resolve));
  t.is(child.signalCode, 'SIGKILL');
  const after = readFileSync(image);
  const want = Array.from({ length: 8 * 512 }, (_, i) => (i * 5 + 3) & 0xff);
  t.deepEqual([...after.subarray(40 * 512, 48 * 512)], want, 'the flushed sectors are in the file');
  t.deepEqual([...after.subarray(0, 40 * 512)], [...initialDisk().subarray(0, 40 * 512)], 'the rest as it was');
  const f = ImageFile.open(image, true);
  t.is(f.size, 64 * 1024);
  t.true(f.readOnly);
  f.close();
  t.throws(() => ImageFile.open(join(dir, 'none.img')), { message: /cannot open disk image '.*none\.img': no such file/ });
});
