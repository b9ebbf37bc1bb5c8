/**
 * The disk on the reference board: kernel.elf on QEMU's virt board with a
 * virtio-blk disk, over the legacy virtio-mmio transport (QEMU 7.2's
 * default) and the modern one, runs a scripted session that writes, syncs,
 * reads back and checks blocks with every disk program and workload. The
 * transcript is committed (regenerate with _helpers/update-goldens.ts), so
 * the test means something without QEMU; with QEMU the run is re-made, and
 * the disk image is read back from the host: what the guest wrote and
 * synced is in the file.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { DISK_GOLDEN, DISK_SCRIPT, DISK_EXIT_CODE, DISK_BYTES, qemuAvailable } from './_helpers/kernel.js';
import { bootQemuIo, freshDisk } from './_helpers/qemu-io.js';

const golden = readFileSync(DISK_GOLDEN, 'latin1');
const BLOCK = 4096;

/** The word dd writes at word `j` of block `b` (user/dd.s). */
const pattern = (b: number, j: number) => (Math.imul(b, 0x9e3779b9) ^ Math.imul(j, 0x85ebca6b)) >>> 0;

function qemuOrSkip(t: { pass: (m: string) => void; fail: (m: string) => void }): boolean {
  if (qemuAvailable()) return true;
  if (process.env.PVLAB_REQUIRE_REFERENCE_TOOLS === '1') t.fail('qemu-system-riscv32 is required (PVLAB_REQUIRE_REFERENCE_TOOLS=1)');
  else t.pass('qemu-system-riscv32 not installed: the committed transcript is checked on its own only');
  return false;
}

test('the committed transcript found the disk, ran every command of the script, and every check passed', (t) => {
  t.regex(golden, /^virtio-blk: 0x100[0-9a-f]{2}000 irq \d legacy, 2048 blocks of 4 KiB, write cache$/m);
  const commands = DISK_SCRIPT.trim().split('\n');
  const echoed = [...golden.matchAll(/^\$ (.*)$/gm)].map((m) => m[1]);
  t.deepEqual(echoed, commands);
  t.is((golden.match(/read back and checked/g) ?? []).length, 3);
  t.false(/mismatch|reads 0x/.test(golden));
  t.regex(golden, /^disk: block 3: 'hello-disk-hello-disk-hello-disk', sum 0x[0-9a-f]{8}$/m);
  t.regex(golden, /init exited with status 5: shutting down\n$/);
});

for (const modern of [false, true]) {
  const transport = modern ? 'modern' : 'legacy';
  test(`QEMU, ${transport} virtio-mmio: the session prints the committed transcript, and the image holds what was written`, async (t) => {
    if (!qemuOrSkip(t)) return;
    const disk = freshDisk(DISK_BYTES);
    const run = await bootQemuIo({ script: DISK_SCRIPT, disk, modern });
    t.is(run.status, DISK_EXIT_CODE);
    t.is(run.transcript, modern ? golden.replace(' irq 8 legacy,', ' irq 8 modern,') : golden);
    const image = readFileSync(disk);
    const word = (b: number, j: number) => image.readUInt32LE(b * BLOCK + j * 4);
    const wrongPattern = (blocks: number[]) => blocks.filter((b) => [0, 1, 511, 1023].some((j) => word(b, j) !== pattern(b, j)));
    t.deepEqual(wrongPattern([0, 1, 2, 4, 5, 6, 7, ...Array.from({ length: 20 }, (_, i) => 100 + i), 2046, 2047]), [], 'dd\'s blocks');
    t.is(image.subarray(3 * BLOCK, 3 * BLOCK + 22).toString('latin1'), 'hello-disk-hello-disk-');
    t.true(image.subarray(8 * BLOCK, 32 * BLOCK).every((b) => b === 0x5a), 'disk-write\'s blocks 8..31');
    t.true(image.subarray(32 * BLOCK, 100 * BLOCK).every((b) => b === 0), 'untouched blocks');
  });
}
