/**
 * The board's frame pool, a VM's p2m and its reservation, on their own:
 * boot allocation (homes first, identity when every VM fits), the fast
 * path's arithmetic, zeroing on release, and every refusal leaving the VM
 * and the pool exactly as they were.
 */
import test from 'ava';
import { Bus } from '../../../src/machine/bus.js';
import { BoardMemory, reservationProblem } from '../../../src/vmm/memory/board-memory.js';
import { FREE } from '../../../src/vmm/memory/frame-pool.js';
import { NONE } from '../../../src/vmm/memory/p2m.js';
import { layoutVms } from '../../../src/vmm/layout.js';

const PAGE = 4096, MIB = 1 << 20, BASE = 0x8000_0000;

function board(vms: number, ram: number, area: number, atBoot: (number | undefined)[] = []) {
  const { boardRam, slots } = layoutVms(vms, ram, 64 << 10, area);
  const bus = new Bus(boardRam);
  return { bus, slots, memory: new BoardMemory(bus, slots, area, atBoot) };
}

test('a board with room for every VM gives each its slot in order: identity p2ms, today\'s layout', (t) => {
  const { memory, slots } = board(3, 4 * MIB, 12 * MIB);
  t.is(memory.pool.free.length, 0);
  memory.vms.forEach((r, k) => {
    t.true(r.p2m.identity);
    t.is(r.p2m.homeHost, slots[k].ramHost);
    t.is(r.p2m.toHost(BASE + 0x1234), slots[k].ramHost + 0x1234);
    t.is(r.p2m.toGuest(slots[k].ramHost + 0x2000), BASE + 0x2000);
    t.is(r.p2m.megaHost(BASE + 4 * MIB - 4 * MIB), slots[k].ramHost);
    t.is(r.target, 1024);
  });
});

test('a smaller board: VMs booted small take their homes\' first frames, a VM without a home takes the lowest frames left', (t) => {
  const { memory, slots } = board(3, 4 * MIB, 8 * MIB, [2 * MIB, 2 * MIB, 4 * MIB]);
  t.is(slots[2].ramHost, -1);
  const [a, b, c] = memory.vms;
  t.false(a.p2m.identity);
  t.is(a.p2m.pages, 512);
  t.is(a.p2m.toHost(BASE), BASE);
  t.is(a.p2m.toHost(BASE + 2 * MIB), NONE, 'past its boot memory: unpopulated');
  t.is(b.p2m.toHost(BASE), BASE + 4 * MIB);
  t.is(c.p2m.toHost(BASE), BASE + 2 * MIB, "VM 2's first frame: the first frame nobody's home claimed");
  t.is(c.p2m.toHost(BASE + 2 * MIB), BASE + 6 * MIB);
  t.is(memory.pool.free.length, 0);
  t.is(c.p2m.megaHost(BASE), NONE, 'scattered: no machine megapage');
});

test('reservations that do not fit are refused with the numbers', (t) => {
  const { slots } = layoutVms(3, 4 * MIB, 64 << 10, 8 * MIB);
  t.regex(reservationProblem(slots, [], 8 * MIB)!, /the VMs need 12 MiB at boot but the board holds 8 MiB for them: balloon some down at boot \(--balloon VM=SIZE\)/);
  t.regex(reservationProblem(slots, [100], 8 * MIB)!, /VM 0's memory at boot must be whole 4 KiB pages/);
  t.regex(reservationProblem(slots, [8 * MIB], 8 * MIB)!, /from 4 KiB to its 4 MiB/);
  t.throws(() => layoutVms(3, 4 * MIB, 64 << 10, 6 * MIB), { message: /whole 4 MiB megapages/ });
});

test('decrease: frames go to the pool zeroed; increase: they come back, up to the target and what the pool has', (t) => {
  const { bus, memory } = board(2, 4 * MIB, 8 * MIB);
  const [a, b] = memory.vms;
  const host = a.p2m.toHost(BASE + 0x3000);
  bus.u8.fill(0xaa, host - BASE, host - BASE + PAGE);
  t.is(a.decrease([3, 4], () => -1), undefined);
  t.is(a.p2m.pages, 1022);
  t.false(a.p2m.identity);
  t.is(a.ballooned, 2);
  t.is(a.p2m.toHost(BASE + 0x3000), NONE);
  t.is(memory.pool.owner[(host - BASE) / PAGE], FREE);
  t.true(bus.u8.subarray(host - BASE, host - BASE + PAGE).every((x) => x === 0), 'zeroed when handed back');
  t.is(memory.pool.free.length, 2);
  // B is at its target (all its RAM): it may not grow past it.
  t.deepEqual(b.increase([0]), { error: 'INVALID_PARAM', index: 0 }, 'populated already');
  t.is(b.decrease([7, 9], () => -1), undefined);
  t.is(memory.pool.free.length, 4);
  b.target = 1023;
  t.is(b.increase([7, 9]), 1, 'the target allows one');
  t.is(b.p2m.toHost(BASE + 7 * PAGE), BASE + 4 * MIB + 9 * PAGE, 'the last frame handed back comes out first');
  b.target = 1024;
  t.is(b.increase([9]), 1);
  t.is(memory.pool.free.length, 2);
  t.false(b.p2m.identity, 'its frames 7 and 9 swapped places: no longer at home in order');
  // A takes its own two back (the pool's last two), and is identity again only if they land in order.
  t.is(a.increase([3, 4]), 2);
  t.is(memory.pool.free.length, 0);
  t.deepEqual(a.increase([3]), { error: 'INVALID_PARAM', index: 0 });
});

test('every refusal names the first bad frame and changes nothing', (t) => {
  const { memory } = board(1, 4 * MIB, 4 * MIB);
  const [a] = memory.vms;
  const before = () => [a.p2m.pages, memory.pool.free.length, Array.from(a.p2m.map).join()].join('|');
  const start = before();
  t.deepEqual(a.decrease([1, 2, 1024], () => -1), { error: 'INVALID_ADDRESS', index: 2 });
  t.deepEqual(a.decrease([1, -1], () => -1), { error: 'INVALID_ADDRESS', index: 1 });
  t.deepEqual(a.decrease([5, 6, 5], () => -1), { error: 'INVALID_PARAM', index: 2 });
  t.deepEqual(a.decrease([5, 6, 7], (gpas) => gpas.indexOf(BASE + 6 * PAGE)), { error: 'DENIED', index: 1 });
  t.is(before(), start);
  t.is(a.decrease([5], () => -1), undefined);
  t.deepEqual(a.decrease([5], () => -1), { error: 'INVALID_PARAM', index: 0 }, 'unpopulated already');
  t.deepEqual(a.increase([5, 5]), { error: 'INVALID_PARAM', index: 1 });
  t.deepEqual(a.increase([6]), { error: 'INVALID_PARAM', index: 0 });
  t.is(a.increase([5]), 1);
  t.true(a.p2m.identity, 'its one frame back where it was: identity again');
});
