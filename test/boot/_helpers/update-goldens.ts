/**
 * Regenerate the boot goldens after a deliberate change to the kernel:
 *   npx tsx --conditions=source test/boot/_helpers/update-goldens.ts
 * writes session.native.golden (pvlab's board) and, when QEMU is installed,
 * session.qemu.golden. Review the diff before committing it.
 */
import { writeFileSync } from 'node:fs';
import { NATIVE_GOLDEN, QEMU_GOLDEN, SESSION_SCRIPT, bootQemu, bootScript, qemuAvailable } from './kernel.js';

const native = bootScript(SESSION_SCRIPT);
writeFileSync(NATIVE_GOLDEN, native.transcript);
console.log(`${NATIVE_GOLDEN}: ${native.stop}, exit code ${native.exitCode}, ${native.instructions} instructions`);
if (qemuAvailable()) {
  const q = bootQemu(SESSION_SCRIPT);
  writeFileSync(QEMU_GOLDEN, q.transcript);
  console.log(`${QEMU_GOLDEN}: exit status ${q.status}`);
} else console.log('qemu-system-riscv32 is not installed: session.qemu.golden kept');
