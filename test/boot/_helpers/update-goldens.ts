/**
 * Regenerate the boot goldens after a deliberate change to the kernel:
 *   npx tsx --conditions=source test/boot/_helpers/update-goldens.ts
 * writes session.native.golden (pvlab's board) and, when QEMU is installed,
 * session.qemu.golden and disk-session.qemu.golden (QEMU with a fresh disk).
 * Review the diff before committing it.
 */
import { writeFileSync } from 'node:fs';
import { DISK_BYTES, DISK_GOLDEN, DISK_SCRIPT, NATIVE_GOLDEN, QEMU_GOLDEN, SESSION_SCRIPT, bootQemu, bootScript, qemuAvailable } from './kernel.js';
import { bootQemuIo, freshDisk } from './qemu-io.js';

const native = bootScript(SESSION_SCRIPT);
writeFileSync(NATIVE_GOLDEN, native.transcript);
console.log(`${NATIVE_GOLDEN}: ${native.stop}, exit code ${native.exitCode}, ${native.instructions} instructions`);
if (qemuAvailable()) {
  const q = bootQemu(SESSION_SCRIPT);
  writeFileSync(QEMU_GOLDEN, q.transcript);
  console.log(`${QEMU_GOLDEN}: exit status ${q.status}`);
  const d = await bootQemuIo({ script: DISK_SCRIPT, disk: freshDisk(DISK_BYTES) });
  writeFileSync(DISK_GOLDEN, d.transcript);
  console.log(`${DISK_GOLDEN}: exit status ${d.status}`);
} else console.log('qemu-system-riscv32 is not installed: session.qemu.golden kept');
