/**
 * Data safety at the kernel's level: what the kernel wrote and synced is in
 * the image file even if pvlab is then killed with SIGKILL (no exit
 * handler, no chance to flush a host buffer), natively, trapped and
 * paravirtualized. The kernel's `dd N FIRST` writes a pattern of block and
 * word numbers, syncs (a virtio-blk FLUSH, or the split driver's
 * BLKIF_OP_FLUSH: an fsync of the image either way), reads it back and says so;
 * the script then keeps the kernel busy until the test kills pvlab, and the
 * test reads the pattern from the image. The board-level test of the same
 * (a bare program) is hypervisor/test/machine/devices/virtio/blk.test.ts's.
 */
import test from 'ava';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(import.meta.dirname, '../../hypervisor/dist/cli/main.js');
const BLOCK = 4096;
/** user/dd.s's pattern: word w of block b. */
const pattern = (b: number, w: number) => (Math.imul(b, 0x9e3779b9) ^ Math.imul(w, 0x85ebca6b)) >>> 0;

for (const mode of ['native', 'trap', 'paravirt']) {
  test(`${mode}: blocks the kernel wrote and synced are in the image after kill -9`, async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'pvlab-disk-kill-'));
    const image = join(dir, 'disk.img');
    writeFileSync(image, new Uint8Array(1 << 20));
    const script = join(dir, 'session.txt');
    writeFileSync(script, 'dd 3 5\nrun compute 2000000000\n');
    const child = spawn(process.execPath, [CLI, 'boot', '--mode', mode, '--drive', `file=${image}`, '--script', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no 'synced' line within 120 s: ${out}`)), 120_000);
      child.stdout.on('data', (b) => {
        out += b;
        if (/^dd: 3 blocks from block 5 written, synced, read back and checked/m.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('close', () => reject(new Error(`pvlab ended before it was killed: ${out}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    t.is(child.signalCode, 'SIGKILL');
    const disk = new DataView(readFileSync(image).buffer);
    const wrong: string[] = [];
    for (let b = 0; b < 256; b++) {
      for (let w = 0; w < BLOCK / 4; w++) {
        const want = b >= 5 && b < 8 ? pattern(b, w) : 0;
        if (disk.getUint32(b * BLOCK + w * 4, true) !== want) wrong.push(`block ${b} word ${w}`);
      }
    }
    t.deepEqual(wrong.slice(0, 5), [], `${wrong.length} words differ`);
  });
}
