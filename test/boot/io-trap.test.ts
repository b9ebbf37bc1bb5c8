/**
 * The disk and the network under trap-and-emulate: the same kernel.elf, in
 * a VM whose guest board has a virtio-blk disk and a virtio-net card on
 * the echo peer, finds them in the device tree its VM is given and drives
 * them unmodified; every register access it makes is an exit the
 * hypervisor emulates on the VM's own device models, and their DMA reaches
 * the VM's RAM only. It prints the transcript QEMU printed; and the exits
 * each disk request and each packet cost are counted (the target:
 * at least 5 trapped — notify, interrupt status, acknowledge, PLIC claim
 * and complete — against none natively, where there is no hypervisor).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXIT_REASONS, EchoPeer, MemoryDisk, boot, placeDevices, type BootRun } from '@pvlab/hypervisor';
import { DISK_BYTES, IO_EXIT_CODE, IO_GOLDEN, IO_SCRIPT, images } from './_helpers/kernel.js';

const golden = readFileSync(IO_GOLDEN, 'latin1');
/** A fresh disk in slot 7 and a card on the echo peer in slot 6, where QEMU puts them. */
const devices = () => ({ modern: false, devices: placeDevices([{ backend: new MemoryDisk(new Uint8Array(DISK_BYTES)), slot: 7 }], [{ backend: new EchoPeer(), slot: 6 }]) });

for (const mode of ['native', 'trap'] as const) {
  test(`${mode}, through the boot API, with a disk and the echo peer: the disk-and-network session prints QEMU's transcript`, (t) => {
    const { kernel, firmware } = images();
    const run = boot(kernel, { mode, firmware, script: IO_SCRIPT, devices, maxInstructions: 500_000_000 });
    t.is(run.exitCode, IO_EXIT_CODE);
    t.is(run.transcript, golden);
  });
}

/** Exits per operation of a workload, trapped: two runs of it, N/2 and N, their regions' difference over N/2 operations. */
function perOp(run: BootRun, first: number, ops: number): { total: number; byReason: Record<string, number> } {
  const exits = run.regionExits ?? [];
  const [a, b] = [exits[first], exits[first + 1]];
  const byReason: Record<string, number> = {};
  EXIT_REASONS.forEach((r, i: number) => {
    const n = (b.counts[i] - a.counts[i]) / ops;
    if (n !== 0) byReason[r.name] = n;
  });
  return { total: (b.total - a.total) / ops, byReason };
}

test('trapped, a disk request and a network round trip each cost at least 5 exits; the counts are exactly reproducible', (t) => {
  const { kernel } = images();
  const script = 'disk-read 16 8\ndisk-read 32 8\nnet-rr 10\nnet-rr 20\nhalt 0\n';
  const go = () => boot(kernel, { mode: 'trap', script, devices, maxInstructions: 500_000_000 });
  const run = go();
  t.is(run.exitCode, 0);
  t.is(run.regionExits?.length, 4);
  const disk = perOp(run, 0, 16);
  const rr = perOp(run, 2, 10);
  t.log(`disk-read (batches of 8): ${disk.total} exits per 4 KiB request`, disk.byReason);
  t.log(`net-rr: ${rr.total} exits per request/response`, rr.byReason);
  t.true(disk.total >= 5, `${disk.total} exits per disk request`);
  t.true(rr.total >= 5, `${rr.total} exits per round trip`);
  t.true((disk.byReason['mmio-write'] ?? 0) > 0 && (disk.byReason['mmio-read'] ?? 0) > 0, 'register accesses trapped');
  // The benchmark tutorial's table says these numbers.
  const tutorial = readFileSync(join(import.meta.dirname, '../../docs/tutorials/benchmark.md'), 'utf8');
  const round = (n: number) => String(Number(n.toFixed(2)));
  const mmio = (x: { byReason: Record<string, number> }) => (x.byReason['mmio-read'] ?? 0) + (x.byReason['mmio-write'] ?? 0);
  t.true(tutorial.includes(`| a 4 KiB disk read, requests batched 8 a system call | ${round(disk.total)} | ${mmio(disk)} |`), `the tutorial's disk row: ${round(disk.total)}, ${mmio(disk)}`);
  t.true(tutorial.includes(`| a UDP request/response with the echo peer | ${round(rr.total)} | ${mmio(rr)} |`), `the tutorial's net-rr row: ${round(rr.total)}, ${mmio(rr)}`);
  const again = go();
  t.deepEqual(again.regionExits?.map((e) => e.total), run.regionExits?.map((e) => e.total));
  t.is(again.instructions, run.instructions);
});
