/**
 * virtio-net on pvlab's board: the card seen through its registers and
 * rings by a driver written here (legacy transport, two queues of 8), with
 * a backend that records what the guest sends and hands it frames; the
 * echo peer's rules; the options' checks. The kernel's driver against the
 * card, and the card against QEMU's, are test/boot's net tests.
 */
import test from 'ava';
import {
  DEFAULT_MAC, ECHO_MAC, Machine, NET_BACKLOG, NET_FRAME_MAX, VirtioNet, inetChecksum, macText, parseDgramEnd, parseMac, placeDevices, reflect,
  type NetBackend, type NetWire,
} from '@pvlab/hypervisor';
import { R, STATUS } from './_helpers/driver.js';

const BASE = 0x1000_1000;
const QSIZE = 8;
const QUEUES = [0x8010_0000, 0x8010_4000]; // legacy: descriptors, avail, then used at the next page
const BUFS = 0x8020_0000;
const HDR = 10; // legacy, no mergeable buffers

/** A backend that keeps what the card sends and lets the test deliver frames. */
class Recorder implements NetBackend {
  readonly name = 'recorder';
  readonly external = false;
  readonly sent: Uint8Array[] = [];
  wire: NetWire | undefined;
  connect(w: NetWire): void {
    this.wire = w;
  }
  send(f: Uint8Array): void {
    this.sent.push(f);
  }
  close(): void {}
}

class NetDriver {
  readonly backend = new Recorder();
  readonly m = new Machine({ ramSize: 16 << 20, virtioDevices: placeDevices([], [{ backend: this.backend, mac: parseMac('02:00:00:00:00:07') }]) });
  readonly avail = [0, 0];
  constructor() {
    this.init();
  }
  /** Reset the card and set it up: features (MAC), two fresh queues of QSIZE, DRIVER_OK. */
  init(): void {
    const reg = (o: number, v: number) => this.m.bus.write(BASE + o, 4, v);
    for (const q of QUEUES) this.m.bus.u8.fill(0, q - 0x8000_0000, q - 0x8000_0000 + 0x2000);
    this.avail[0] = this.avail[1] = 0;
    reg(R.status, 0);
    reg(R.status, STATUS.ack | STATUS.driver);
    reg(R.driverFeatures, 1 << 5);
    reg(R.guestPageSize, 4096);
    for (const q of [0, 1]) {
      reg(R.queueSel, q);
      reg(R.queueNum, QSIZE);
      reg(R.queuePfn, QUEUES[q] / 4096);
    }
    reg(R.status, STATUS.ack | STATUS.driver | STATUS.driverOk);
  }
  get card(): VirtioNet {
    return this.m.virtio[0].device as VirtioNet;
  }
  reg(o: number): number {
    return this.m.bus.read(BASE + o, 4) as number;
  }
  w32(pa: number, v: number): void {
    this.m.bus.write(pa, 4, v >>> 0);
  }
  w16(pa: number, v: number): void {
    this.m.bus.write(pa, 2, v);
  }
  r32(pa: number): number {
    return this.m.bus.read(pa, 4) as number;
  }
  bytes(pa: number, n: number): Uint8Array {
    return this.m.bus.u8.subarray(pa - 0x8000_0000, pa - 0x8000_0000 + n);
  }
  /** Descriptor `i` of queue `q` is one buffer; it goes on the available ring. */
  offer(q: number, i: number, addr: number, len: number, write: boolean): void {
    const d = QUEUES[q] + 16 * i;
    this.w32(d, addr);
    this.w32(d + 4, 0);
    this.w32(d + 8, len);
    this.w16(d + 12, write ? 2 : 0);
    const avail = QUEUES[q] + 16 * QSIZE;
    this.w16(avail + 4 + 2 * (this.avail[q] % QSIZE), i);
    this.avail[q]++;
    this.w16(avail + 2, this.avail[q]);
  }
  notify(q: number): void {
    this.m.bus.write(BASE + R.queueNotify, 4, q);
  }
  settle(): void {
    this.m.events.runDue(Infinity);
  }
  /** Used entries of queue q: { id, len }. */
  used(q: number): { id: number; len: number }[] {
    const used = QUEUES[q] + 4096;
    const n = this.m.bus.read(used + 2, 2) as number;
    return Array.from({ length: n }, (_, k) => ({ id: this.r32(used + 4 + 8 * k), len: this.r32(used + 8 + 8 * k) }));
  }
}

const frame = (n: number, fill = 0x11) => Uint8Array.from({ length: n }, (_, i) => (i < 12 ? 0x02 : fill + i) & 0xff);

test('the card: device id 1, MAC and STATUS offered, the MAC and link-up in its configuration space', (t) => {
  const d = new NetDriver();
  t.is(d.reg(R.deviceId), 1);
  t.is(d.reg(R.deviceFeatures) & ((1 << 5) | (1 << 16)), (1 << 5) | (1 << 16));
  t.deepEqual([0, 1, 2, 3, 4, 5].map((i) => d.m.bus.read(BASE + 0x100 + i, 1)), [2, 0, 0, 0, 0, 7]);
  t.is(d.m.bus.read(BASE + 0x106, 2), 1, 'VIRTIO_NET_S_LINK_UP');
  t.is(macText(DEFAULT_MAC), '52:54:00:12:34:56');
});

test('transmit: the frame after the header goes to the backend, split anywhere; the chain comes back with 0 bytes', (t) => {
  const d = new NetDriver();
  const f = frame(60);
  d.bytes(BUFS, HDR).fill(0);
  d.bytes(BUFS + HDR, 60).set(f);
  // header + 3 bytes in one descriptor, the rest in a second
  const q = QUEUES[1];
  d.w32(q, BUFS); d.w32(q + 4, 0); d.w32(q + 8, HDR + 3); d.w16(q + 12, 1); d.w16(q + 14, 1);
  d.w32(q + 16, BUFS + HDR + 3); d.w32(q + 20, 0); d.w32(q + 24, 57); d.w16(q + 28, 0);
  const avail = q + 16 * QSIZE;
  d.w16(avail + 4, 0);
  d.w16(avail + 2, 1);
  d.notify(1);
  d.settle();
  t.deepEqual(d.backend.sent, [f]);
  t.deepEqual(d.used(1), [{ id: 0, len: 0 }]);
});

test('receive: frames wait for buffers (a bounded backlog), get the header and come back with their length; oversize ones are dropped', (t) => {
  const d = new NetDriver();
  const wire = d.backend.wire!;
  for (let i = 0; i < NET_BACKLOG + 5; i++) wire.receive(frame(64, i));
  wire.receive(frame(NET_FRAME_MAX + 1));
  d.settle();
  t.is(d.card.counts.backlogFull, 5);
  t.is(d.card.counts.oversize, 1);
  t.deepEqual(d.used(0), [], 'no buffer yet: nothing delivered');
  d.offer(0, 0, BUFS, 2048, true);
  d.offer(0, 1, BUFS + 0x1000, 2048, true);
  d.notify(0);
  d.settle();
  t.deepEqual(d.used(0), [{ id: 0, len: HDR + 64 }, { id: 1, len: HDR + 64 }]);
  t.deepEqual(d.bytes(BUFS, HDR), new Uint8Array(HDR));
  t.deepEqual(d.bytes(BUFS + HDR, 64), frame(64, 0));
  t.deepEqual(d.bytes(BUFS + 0x1000 + HDR, 64), frame(64, 1));
  t.is(d.card.counts.received, 2);
  t.not(d.reg(R.isr) & 1, 0, 'an interrupt for the used buffers');
});

test('a frame too big for its receive buffer is dropped and the buffer kept for the next one', (t) => {
  const d = new NetDriver();
  d.offer(0, 0, BUFS, HDR + 100, true);
  d.notify(0);
  d.settle();
  d.backend.wire!.receive(frame(200));
  d.backend.wire!.receive(frame(90));
  d.settle();
  t.is(d.card.counts.tooSmall, 1);
  t.deepEqual(d.used(0), [{ id: 0, len: HDR + 90 }]);
});

test('hostile rings: a transmit chain shorter than its header, or a receive buffer the device cannot write, stop the card until reset', (t) => {
  const d = new NetDriver();
  d.offer(1, 0, BUFS, 4, false);
  d.notify(1);
  d.settle();
  t.regex(d.m.virtio[0].lastError ?? '', /shorter than its 10-byte header/);
  t.deepEqual(d.backend.sent, []);
  const e = new NetDriver();
  e.offer(0, 0, BUFS, 2048, false);
  e.notify(0);
  e.backend.wire!.receive(frame(64));
  e.settle();
  t.regex(e.m.virtio[0].lastError ?? '', /receive chain without device-writable buffers/);
  const f = new NetDriver();
  f.offer(0, 0, 0x4000_0000, 2048, true);
  f.notify(0);
  f.backend.wire!.receive(frame(64));
  f.settle();
  t.regex(f.m.virtio[0].lastError ?? '', /outside RAM/);
});

// ---- the echo peer ----

const hex = (s: string) => Uint8Array.from(s.replace(/\s+/g, '').match(/../g)!.map((b) => parseInt(b, 16)));
const GUEST = '525400123456';

test('echo peer: an ARP request is answered from the peer\'s MAC for the asked address; other ARP is dropped', (t) => {
  const req = hex(`ffffffffffff ${GUEST} 0806 0001 0800 06 04 0001 ${GUEST} 0a000002 000000000000 0a000001`);
  const rep = reflect(req)!;
  t.deepEqual(rep, hex(`${GUEST} 02707 66c6162 0806 0001 0800 06 04 0002 02 70 76 6c 61 62 0a000001 ${GUEST} 0a000002`));
  t.deepEqual(rep.subarray(6, 12), ECHO_MAC);
  t.is(reflect(rep), undefined, 'a reply is not answered');
  t.is(reflect(hex(`ffffffffffff ${GUEST} 0806 0001 0800 06 04 0001 ${GUEST} 0a000002 000000000000 0a000002`)), undefined, 'gratuitous');
});

/** An IPv4 frame from the guest to the peer with `l4` as protocol `proto`'s message. */
function ipFrame(proto: number, l4: Uint8Array): Uint8Array {
  const f = new Uint8Array(34 + l4.length);
  f.set(hex(`027076 6c6162 ${GUEST} 0800 45 00 0000 0001 4000 40 00 0000 0a000002 0a000001`));
  f[16] = (20 + l4.length) >> 8;
  f[17] = (20 + l4.length) & 0xff;
  f[23] = proto;
  const sum = inetChecksum(f, 14, 20);
  f[24] = sum >> 8;
  f[25] = sum & 0xff;
  f.set(l4, 34);
  return f;
}

test('echo peer: an ICMP echo request comes back as a reply with correct checksums; UDP with its ports swapped; the discard port swallows', (t) => {
  const icmp = hex('08 00 0000 0007 0001 00010203040506070809');
  const s = inetChecksum(icmp, 0, icmp.length);
  icmp[2] = s >> 8;
  icmp[3] = s & 0xff;
  const back = reflect(ipFrame(1, icmp))!;
  t.deepEqual(back.subarray(0, 6), hex(GUEST));
  t.deepEqual(back.subarray(26, 34), hex('0a000001 0a000002'), 'addresses swapped');
  t.is(inetChecksum(back, 14, 20), 0, 'IP header checksum still right');
  t.is(back[34], 0, 'echo reply');
  t.is(inetChecksum(back, 34, icmp.length), 0, 'ICMP checksum right');
  const udp = hex('c000 0007 000d 0000 6869 2121 21');
  const u = reflect(ipFrame(17, udp))!;
  t.deepEqual(u.subarray(34, 38), hex('0007 c000'));
  t.is(reflect(ipFrame(17, hex('c000 0009 000d 0000 6869 2121 21'))), undefined);
});

test('echo peer: frames to a group address (not ARP) and IPv4 broadcasts are dropped; short frames too', (t) => {
  const b = ipFrame(17, hex('c000 0007 0008 0000'));
  b.set(hex('ffffffffffff'), 0);
  t.is(reflect(b), undefined);
  const bc = ipFrame(17, hex('c000 0007 0008 0000'));
  bc.set(hex('ffffffff'), 30);
  t.is(reflect(bc), undefined);
  t.is(reflect(new Uint8Array(13)), undefined);
  const other = hex(`027076 6c6162 ${GUEST} 88b5 0102`);
  t.deepEqual(reflect(other), hex(`${GUEST} 027076 6c6162 88b5 0102`), 'an unknown type: the Ethernet swap only');
});

test('options: MACs and loopback ends are checked with a message that says what is wrong', (t) => {
  t.deepEqual([...parseMac('52:54:00:AB:cd:01')], [0x52, 0x54, 0, 0xab, 0xcd, 1]);
  t.throws(() => parseMac('52:54:00:ab:cd'), { message: /not a MAC address/ });
  t.throws(() => parseMac('01:00:5e:00:00:01'), { message: /group address/ });
  t.deepEqual(parseDgramEnd('localhost:5555'), { host: '127.0.0.1', port: 5555 });
  t.throws(() => parseDgramEnd('10.0.0.1:5555'), { message: /not a loopback address/ });
  t.throws(() => parseDgramEnd('127.0.0.1:70000'), { message: /not 1\.\.65535/ });
  t.throws(() => parseDgramEnd('127.0.0.1'), { message: /not HOST:PORT/ });
});

test('hostile: seeded garbage rings on both queues, notify floods and frames arriving: never a host exception, bounded, and the card works again after a reset', (t) => {
  const iterations = Number(process.env.PVLAB_VIRTIO_FUZZ ?? 200);
  let seed = 0x1234_5678;
  const rand = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return seed >>> 0;
  };
  let broken = 0;
  for (let i = 0; i < iterations; i++) {
    const d = new NetDriver();
    for (const q of [0, 1]) for (let k = 0; k < 0x180; k += 4) d.w32(QUEUES[q] + k, rand() % 4 === 0 ? rand() : (BUFS + (rand() % 0x4000)) >>> 0);
    for (const q of [0, 1]) d.w16(QUEUES[q] + 16 * QSIZE + 2, rand() % 3 === 0 ? rand() & 0xffff : rand() % (QSIZE + 1));
    for (let k = 0; k < 20; k++) {
      d.notify(rand() % 3);
      if (rand() % 2) d.backend.wire!.receive(frame(14 + (rand() % 1600)));
    }
    t.notThrows(() => d.settle());
    t.true(d.card.counts.sent <= 20 * 256 && d.backend.sent.every((f) => f.length <= NET_FRAME_MAX));
    if (d.m.virtio[0].lastError) broken++;
    // the same card reset and set up again: frames flow
    d.init();
    t.is(d.m.virtio[0].lastError, undefined);
    d.offer(0, 0, BUFS, 2048, true);
    d.notify(0);
    d.settle();
    d.backend.wire!.receive(frame(60));
    d.settle();
    t.deepEqual(d.used(0), [{ id: 0, len: HDR + 60 }]);
  }
  t.log(`${iterations} garbage rings, ${broken} put the card in its error state`);
  t.true(broken > 0 && broken < iterations, 'the fuzzer reaches the error paths, and past them');
});
