/**
 * Paravirt mode's PTE validation and eager shadow against hostile PTEs: a
 * guest's mmu_update may name any value; only entries that map the VM's own
 * RAM survive into the tables the hart walks.
 */
import test from 'ava';
import { FramePool } from '../../../src/vmm/memory/frame-pool.js';
import { P2m } from '../../../src/vmm/memory/p2m.js';
import { PTE, makePte } from '@pvlab/assembler';
import { Bus, LINE } from '../../../src/machine/bus.js';
import { EagerShadow, validatePte } from '../../../src/vmm/paravirt/eager-shadow.js';

const PAGE = 4096;
const BASE = 0x8000_0000, SIZE = 0x80_0000; // the VM's guest-physical RAM: 8 MiB
const leaf = (pa: number, flags = PTE.R | PTE.W) => makePte(pa, PTE.V | flags);

test('validatePte: invalid entries are harmless, W without R is reserved, targets must be the VM\'s RAM', (t) => {
  t.is(validatePte(0, BASE, SIZE), 'ok');
  t.is(validatePte(0xffff_fffe, BASE, SIZE), 'ok', 'V clear: whatever the rest');
  t.is(validatePte(leaf(BASE), BASE, SIZE), 'ok');
  t.is(validatePte(leaf(BASE + SIZE - PAGE), BASE, SIZE), 'ok');
  t.is(validatePte(makePte(BASE, PTE.V | PTE.W), BASE, SIZE), 'reserved');
  t.is(validatePte(makePte(BASE, PTE.V | PTE.W | PTE.X), BASE, SIZE), 'reserved');
  for (const pa of [BASE - PAGE, BASE + SIZE, 0, 0x1000_0000, 0x0c00_0000, 0xffff_f000, 0x3_ffff_f000]) {
    t.is(validatePte(leaf(pa), BASE, SIZE), 'outside', `leaf to 0x${pa.toString(16)}`);
    t.is(validatePte(makePte(pa, PTE.V), BASE, SIZE), 'outside', `pointer to 0x${pa.toString(16)}`);
  }
});

/** A VM whose every frame is at its home `ramHost`, in order (an identity p2m, memory/p2m.ts), on a frame area up to `areaEnd`. */
function identityP2m(bus: Bus, ramHost: number, areaEnd: number): P2m {
  const pool = new FramePool(bus, bus.ramBase, areaEnd - bus.ramBase);
  const home = (ramHost - bus.ramBase) / PAGE;
  const p2m = new P2m(pool, BASE, SIZE, home);
  for (let g = 0; g < SIZE / PAGE; g++) {
    pool.claim(home + g, 0);
    p2m.populate(g, home + g);
  }
  pool.seal();
  p2m.settle();
  return p2m;
}

/** A board whose RAM holds a VM slot at host 0x8100_0000 and its pool after it. */
function shadow(poolPages = 16) {
  const bus = new Bus(32 << 20);
  const ramHost = 0x8100_0000, poolHost = 0x8180_0000;
  return { bus, ramHost, s: new EagerShadow(bus, BASE, SIZE, identityP2m(bus, ramHost, poolHost), poolHost, poolPages * PAGE), poolHost };
}
const guestWord = (bus: Bus, ramHost: number, gpa: number, v: number) => bus.write(gpa - BASE + ramHost, 4, v >>> 0);

test('the shadow translates leaves to host pages, presets A and D, and zeroes hostile entries', (t) => {
  const { bus, ramHost, s } = shadow();
  const root = BASE + 0x10_0000, l0 = BASE + 0x10_1000;
  guestWord(bus, ramHost, root + 0 * 4, makePte(l0, PTE.V)); // VPN[1] 0: a pointer to l0
  guestWord(bus, ramHost, l0 + 1 * 4, leaf(BASE + 0x5000, PTE.R));
  guestWord(bus, ramHost, l0 + 2 * 4, leaf(0x1000_0000)); // the UART page: outside
  guestWord(bus, ramHost, l0 + 3 * 4, makePte(BASE, PTE.V | PTE.W)); // reserved
  guestWord(bus, ramHost, root + 1 * 4, makePte(0x8000_0000 + SIZE, PTE.V | PTE.R)); // megapage beyond the VM
  const hostRoot = s.root(root);
  t.true(hostRoot >= 0);
  const hostL1 = bus.read(hostRoot, 4)!;
  t.is(hostL1 & 0x3ff, PTE.V, 'a pointer keeps V only');
  const hostL0 = (hostL1 >>> 10) * PAGE;
  const e1 = bus.read(hostL0 + 4, 4)!;
  t.is((e1 >>> 10) * PAGE, ramHost + 0x5000, 'to the host page of the VM');
  t.is(e1 & 0x3ff, PTE.V | PTE.R | PTE.A | PTE.D);
  t.is(bus.read(hostL0 + 8, 4), 0, 'outside the VM: not mapped');
  t.is(bus.read(hostL0 + 12, 4), 0, 'reserved: not mapped');
  t.is(bus.read(hostRoot + 4, 4), 0, 'a megapage past the VM: not mapped');
});

test('updates to a shadowed table reach the shadow; a hostile update maps nothing', (t) => {
  const { bus, ramHost, s } = shadow();
  const root = BASE + 0x10_0000, l0 = BASE + 0x10_1000;
  guestWord(bus, ramHost, root, makePte(l0, PTE.V));
  const hostRoot = s.root(root);
  const hostL0 = (bus.read(hostRoot, 4)! >>> 10) * PAGE;
  t.true(s.update(l0 + 4, leaf(BASE + 0x7000)));
  t.is((bus.read(hostL0 + 4, 4)! >>> 10) * PAGE, ramHost + 0x7000);
  for (const hostile of [leaf(0x8180_0000), leaf(0x0), makePte(hostRoot, PTE.V), leaf(BASE - PAGE)]) {
    t.true(s.update(l0 + 4, hostile));
    t.is(bus.read(hostL0 + 4, 4), 0, `0x${hostile.toString(16)}`);
  }
});

test('a guest that makes more tables than the pool holds gets false from update, and a reset gives the pages back', (t) => {
  const { bus, ramHost, s } = shadow(4);
  const root = BASE + 0x10_0000;
  s.root(root);
  let refused = false;
  for (let k = 0; k < 8 && !refused; k++) {
    const table = BASE + 0x20_0000 + k * PAGE;
    guestWord(bus, ramHost, root + k * 4, makePte(table, PTE.V));
    refused = !s.update(root + k * 4, makePte(table, PTE.V));
  }
  t.true(refused, 'the pool ran out');
  t.is(s.root(root), -1, 'a root whose tables exceed the pool cannot be shadowed (the mode then installs an empty root)');
  s.reset();
  t.is(s.size, 0);
  const small = BASE + 0x30_0000;
  guestWord(bus, ramHost, small, makePte(BASE + 0x20_0000, PTE.V));
  t.true(s.root(small) >= 0, 'after the reset, a root that fits is built');
});

// Found by a paravirtual kernel running `run pgfault 4` then `run pgfault 40` three times: a process's
// leaf table, freed with its entries in place at exit, came back as the next process's leaf table,
// zeroed by ordinary stores, under a root never shadowed before; the root's shadow, built whole,
// reused the table's old shadow, and a user store went through a dead process's mapping into a page
// on the kernel's free list (which then handed out the address the program had stored: 6).
test('a table page reused under a new root is shadowed from what it holds now, not from its last life', (t) => {
  const { bus, ramHost, s } = shadow();
  const rootA = BASE + 0x10_0000, rootB = BASE + 0x10_2000, table = BASE + 0x10_1000;
  const heap = BASE + 0x30_0000;
  // Process A: its root points to `table`, which maps a heap page at entry 6 (written by mmu_update).
  guestWord(bus, ramHost, rootA, makePte(table, PTE.V));
  const hostA = s.root(rootA);
  t.true(s.update(table + 6 * 4, leaf(heap, PTE.R | PTE.W | PTE.U)));
  guestWord(bus, ramHost, table + 6 * 4, leaf(heap, PTE.R | PTE.W | PTE.U));
  const oldTable = (bus.read(hostA, 4)! >>> 10) * PAGE;
  t.is((bus.read(oldTable + 6 * 4, 4)! >>> 10) * PAGE, ramHost + 0x30_0000, 'A maps its heap page');
  // A exits: its pages are freed without clearing them. Process B gets `table` back, zeroes it by plain
  // stores, and a fresh root pointing to it.
  for (let i = 0; i < 1024; i++) guestWord(bus, ramHost, table + i * 4, 0);
  guestWord(bus, ramHost, rootB, makePte(table, PTE.V));
  const hostB = s.root(rootB);
  const newTable = (bus.read(hostB, 4)! >>> 10) * PAGE;
  t.is(bus.read(newTable + 6 * 4, 4), 0, 'B sees no mapping of A\'s heap page');
  // The same through a root shadowed before whose entry changed (brought up to date, not rebuilt).
  const other = BASE + 0x10_3000;
  guestWord(bus, ramHost, rootA, makePte(other, PTE.V));
  s.root(rootA);
  t.true(s.update(other + 6 * 4, leaf(heap, PTE.R | PTE.W | PTE.U)));
  guestWord(bus, ramHost, other + 6 * 4, leaf(heap, PTE.R | PTE.W | PTE.U));
  for (let i = 0; i < 1024; i++) guestWord(bus, ramHost, other + i * 4, 0);
  guestWord(bus, ramHost, rootA, makePte(table, PTE.V));
  s.root(rootA);
  guestWord(bus, ramHost, rootA, makePte(other, PTE.V));
  const again = (bus.read(s.root(rootA), 4)! >>> 10) * PAGE;
  t.is(bus.read(again + 6 * 4, 4), 0, 'a root entry that changed back to a reused table sees it as it is');
});

const LINE_BYTES = 64;
const derivedLines = (bus: Bus, host: number) => {
  let n = 0;
  for (let a = host; a < host + PAGE; a += LINE_BYTES) if (bus.slowLines[(a - bus.ramBase) / LINE_BYTES] & LINE.derived) n++;
  return n;
};

test('a root named again is not translated again; a store to it (the guest\'s, or any through the bus) is seen, entry by entry', (t) => {
  const { bus, ramHost, s } = shadow();
  const root = BASE + 0x10_0000;
  guestWord(bus, ramHost, root + 512 * 4, makePte(BASE, PTE.V | PTE.R | PTE.W | PTE.X)); // a megapage over the VM's first 4 MiB
  const hostRoot = s.root(root);
  t.is(derivedLines(bus, root - BASE + ramHost), PAGE / LINE_BYTES, 'the validated root\'s page is watched, every line');
  const built = s.builds;
  t.is(s.root(root), hostRoot, 'the same shadow');
  t.is(s.builds, built, 'not built again');
  t.is(bus.read(hostRoot + 513 * 4, 4), 0);
  // The guest stores into its root directly (its store reaches the bus's write: the line is marked).
  guestWord(bus, ramHost, root + 513 * 4, makePte(BASE + 0x40_0000, PTE.V | PTE.R));
  t.is(derivedLines(bus, root - BASE + ramHost), 0, 'after the first store, the page is no longer watched (data stores stay fast)');
  t.is(s.root(root), hostRoot);
  t.is(s.builds, built, 'brought up to date, not rebuilt');
  t.is((bus.read(hostRoot + 513 * 4, 4)! >>> 10) * PAGE, ramHost + 0x40_0000, 'the new entry reached the shadow');
  t.is((bus.read(hostRoot + 512 * 4, 4)! >>> 10) * PAGE, ramHost, 'the others are kept');
  t.is(derivedLines(bus, root - BASE + ramHost), PAGE / LINE_BYTES, 'watched again');
  // A hostile entry written directly is refused as a rebuild would refuse it.
  guestWord(bus, ramHost, root + 513 * 4, makePte(0x8180_0000, PTE.V | PTE.R));
  s.root(root);
  t.is(bus.read(hostRoot + 513 * 4, 4), 0);
  s.reset();
  t.is(derivedLines(bus, root - BASE + ramHost), 0, 'a reset stops watching');
});

test('a root brought up to date equals a root built from scratch, after random direct writes and updates', (t) => {
  let seed = 12345;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % n;
  const a = shadow(64), b = shadow(64);
  const root = BASE + 0x10_0000;
  const value = () => {
    const k = rand(4);
    if (k === 0) return 0;
    if (k === 1) return makePte(BASE + 0x20_0000 + rand(8) * PAGE, PTE.V); // a pointer to one of 8 tables
    if (k === 2) return makePte(BASE + rand(2) * 0x40_0000, PTE.V | PTE.R | PTE.X); // a megapage
    return rand(2 ** 32); // anything
  };
  for (let round = 0; round < 40; round++) {
    for (let k = 0; k < 1 + rand(6); k++) {
      const at = root + rand(1024) * 4, v = value();
      for (const x of [a, b]) guestWord(x.bus, x.ramHost, at, v);
      if (rand(2)) a.s.update(at, v), b.s.update(at, v);
    }
    const ra = a.s.root(root);
    b.s.reset(); // b: from scratch every time
    const rb = b.s.root(root);
    const words = (x: typeof a, r: number) => Array.from({ length: 1024 }, (_, i) => x.bus.read(r + 4 * i, 4)! >>> 0);
    // Shadows of the same tables sit at different pool pages: compare what they map, not where the tables are.
    const mapped = (x: typeof a, r: number) => words(x, r).map((w) => ((w & 0xe) !== 0 ? w : w & 1));
    t.deepEqual(mapped(a, ra), mapped(b, rb), `round ${round}`);
  }
});
