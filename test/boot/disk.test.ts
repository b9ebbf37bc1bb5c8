/**
 * The disk on pvlab's own board: kernel.elf with a virtio-blk disk in slot
 * 7, over the legacy and the modern transport, prints the transcript QEMU
 * printed for the same session (qemu-disk.test.ts's golden), and the image
 * file holds what the guest wrote and synced. Without a disk the kernel
 * says nothing about one (session.test.ts's golden is the board with its
 * eight empty slots).
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { DISK_BYTES, DISK_EXIT_CODE, DISK_GOLDEN, DISK_SCRIPT, bootNativeIo } from './_helpers/kernel.js';
import { freshDisk } from './_helpers/qemu-io.js';

const golden = readFileSync(DISK_GOLDEN, 'latin1');

for (const modern of [false, true]) {
  test(`pvlab's board, ${modern ? 'modern' : 'legacy'} virtio-mmio: the disk session prints QEMU's transcript, and the image holds the data`, (t) => {
    const disk = freshDisk(DISK_BYTES);
    const run = bootNativeIo({ script: DISK_SCRIPT, disk, modern });
    t.is(run.exitCode, DISK_EXIT_CODE);
    t.is(run.transcript, modern ? golden.replace(' irq 8 legacy,', ' irq 8 modern,') : golden);
    const image = readFileSync(disk);
    t.is(image.subarray(3 * 4096, 3 * 4096 + 22).toString('latin1'), 'hello-disk-hello-disk-');
    t.true(image.subarray(8 * 4096, 32 * 4096).every((b) => b === 0x5a));
  });
}

test('the disk session is exactly reproducible on pvlab\'s board: the same instructions', (t) => {
  const a = bootNativeIo({ script: DISK_SCRIPT, disk: freshDisk(DISK_BYTES) });
  const b = bootNativeIo({ script: DISK_SCRIPT, disk: freshDisk(DISK_BYTES) });
  t.is(a.instructions, b.instructions);
  t.is(a.transcript, b.transcript);
});
