/**
 * The virtual switch between the VMs of one run (`--netdev switch`): a
 * learning switch whose ports are cards' backends, checked here with wires
 * that record what reaches each port and a clock the test advances. Two
 * kernels pinging each other through it are test/cli/netdev.test.ts's.
 */
import test from 'ava';
import { SWITCH_IN_FLIGHT, SWITCH_LATENCY, SWITCH_MACS, VirtualSwitch, type NetBackend } from '@pvlab/hypervisor';

/** A port with a wire: frames that arrived, and work scheduled in virtual time. */
function ports(n: number) {
  const sw = new VirtualSwitch();
  let now = 0;
  const due: { at: number; fn: () => void }[] = [];
  const got = Array.from({ length: n }, () => [] as Uint8Array[]);
  const backends: NetBackend[] = got.map((inbox) => {
    const p = sw.port();
    p.connect({ receive: (f) => inbox.push(f.slice()), after: (d, fn) => due.push({ at: now + d, fn }) });
    return p;
  });
  const advance = (cycles: number) => {
    now += cycles;
    for (const w of due.splice(0).sort((a, b) => a.at - b.at)) {
      if (w.at <= now) w.fn();
      else due.push(w);
    }
  };
  return { sw, backends, got, advance };
}

const mac = (last: number) => [0x52, 0x54, 0, 0x12, 0x34, last];
const BROADCAST = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
const frame = (dst: number[], src: number[], tag = 0) => Uint8Array.from([...dst, ...src, 0x08, 0x00, tag, ...new Array(45).fill(0)]);

test('an unknown destination is flooded to every other port, never back; once learnt, a frame goes to its port alone', (t) => {
  const { sw, backends, got, advance } = ports(3);
  backends[0].send(frame(mac(2), mac(0), 1)); // nobody known: flood
  advance(SWITCH_LATENCY - 1);
  t.deepEqual(got.map((g) => g.length), [0, 0, 0], 'delivered in virtual time, not at once');
  advance(1);
  t.deepEqual(got.map((g) => g.length), [0, 1, 1]);
  backends[2].send(frame(mac(0), mac(2), 2)); // 0 was learnt: to port 0 only
  advance(SWITCH_LATENCY);
  t.deepEqual(got.map((g) => g.length), [1, 1, 1]);
  t.is(got[0][0][14], 2);
  backends[0].send(frame(mac(2), mac(0), 3)); // now 2 is known too
  advance(SWITCH_LATENCY);
  t.deepEqual(got.map((g) => g.length), [1, 1, 2]);
  t.deepEqual(sw.counts, { forwarded: 4, flooded: 1, dropped: 0 });
  t.is(sw.learnt, 2);
});

test('broadcast and multicast are flooded even to learnt ports; a group source teaches nothing', (t) => {
  const { sw, backends, got, advance } = ports(3);
  backends[1].send(frame(mac(0), mac(1)));
  backends[0].send(frame(BROADCAST, mac(0)));
  backends[0].send(frame([0x01, 0, 0x5e, 0, 0, 1], mac(0)));
  backends[2].send(frame(mac(1), [0x01, 0, 0, 0, 0, 9]));
  advance(SWITCH_LATENCY);
  t.deepEqual(got.map((g) => g.length), [1, 3, 3]);
  t.is(sw.learnt, 2);
});

test('a frame for the port it came from is filtered; a port that moves is relearnt', (t) => {
  const { backends, got, advance } = ports(2);
  backends[0].send(frame(mac(1), mac(0)));
  backends[1].send(frame(mac(0), mac(1)));
  advance(SWITCH_LATENCY);
  backends[1].send(frame(mac(1), mac(0))); // mac 0 now speaks from port 1, to a mac on port 1
  advance(SWITCH_LATENCY);
  t.deepEqual(got.map((g) => g.length), [1, 1]);
  backends[0].send(frame(mac(0), mac(1))); // and back: each now on the other port
  advance(SWITCH_LATENCY);
  t.deepEqual(got.map((g) => g.length), [1, 2]);
});

test('the sender may reuse its array: each port gets its own copy', (t) => {
  const { backends, got, advance } = ports(2);
  const f = frame(BROADCAST, mac(0), 7);
  backends[0].send(f);
  f[14] = 99;
  advance(SWITCH_LATENCY);
  t.is(got[1][0][14], 7);
});

test('bounded under a flood: frames beyond SWITCH_IN_FLIGHT per port and runts are dropped and counted; the table keeps SWITCH_MACS', (t) => {
  const { sw, backends, got, advance } = ports(2);
  for (let i = 0; i < SWITCH_IN_FLIGHT + 10; i++) backends[0].send(frame(BROADCAST, mac(0)));
  backends[0].send(new Uint8Array(13));
  t.is(sw.counts.dropped, 11);
  advance(SWITCH_LATENCY);
  t.is(got[1].length, SWITCH_IN_FLIGHT);
  for (let i = 0; i < SWITCH_MACS + 100; i++) backends[1].send(frame(BROADCAST, [0x02, 0, 0, i >> 16, (i >> 8) & 0xff, i & 0xff]));
  t.is(sw.learnt, SWITCH_MACS);
  advance(SWITCH_LATENCY);
  backends[1].send(frame(mac(0), mac(9))); // mac(0) was forgotten first: flooded again
  t.is(sw.counts.flooded, SWITCH_IN_FLIGHT + 10 + SWITCH_MACS + 100 + 1);
});

test('a closed port receives nothing; frames to it are dropped', (t) => {
  const { sw, backends, got, advance } = ports(2);
  backends[1].close();
  backends[0].send(frame(BROADCAST, mac(0)));
  advance(SWITCH_LATENCY);
  t.is(got[1].length, 0);
  t.is(sw.counts.dropped, 1);
});
